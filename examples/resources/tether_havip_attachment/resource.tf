# Volcengine: an ECS instance attached to a HaVip (the provider alias for cloud = "volcengine").
resource "tether_havip_attachment" "example" {
  provider    = tether.volcengine
  havip_id    = "havip-3rfe4ik9wc1s05zsk2f5r8lq"
  instance_id = "i-3tiegbo6ql3oej6svz2z"
}

# A keepalived pair sharing one HaVip: members of one HaVip are all ECS instances or all
# network interfaces, at most 10 of them, in the HaVip's subnet.
locals {
  keepalived_nodes = ["i-ybvdzpq8j4d9k9ix0ihm", "i-ybvdzpq8j4d9k9ix0ihn"]
}

resource "tether_havip_attachment" "keepalived" {
  for_each = toset(local.keepalived_nodes)

  provider      = tether.volcengine
  havip_id      = "havip-2ze0sdqk7lwqo5zsk2f5rwxd"
  instance_id   = each.value
  instance_type = "EcsInstance"

  timeouts {
    create = "5m"
  }
}

output "havip_address" {
  value = tether_havip_attachment.example.ip_address
}
