# Alibaba Cloud and Tencent Cloud, an EIP bound to an instance: <eip_id>:<instance_id>
terraform import tether_eip_association.example eip-bp1mw4hhy1xgd2lqpizl4:i-bp1g6zv0ce8oghu7k4pp

# Tencent Cloud, an EIP bound to a private IP of a network interface:
# <eip_id>:<network_interface_id>:<private_ip_address>
terraform import tether_eip_association.example eip-hxlqja90:eni-pxir56ns:10.0.0.12
