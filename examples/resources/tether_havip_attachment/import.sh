# Volcengine: <havip_id>:<instance_id>
terraform import tether_havip_attachment.example havip-3rfe4ik9wc1s05zsk2f5r8lq:i-3tiegbo6ql3oej6svz2z
