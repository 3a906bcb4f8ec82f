# Alibaba Cloud (the default provider configuration): bind an EIP to an ECS instance.
resource "tether_eip_association" "example" {
  eip_id      = "eip-bp1mw4hhy1xgd2lqpizl4"
  instance_id = "i-bp1g6zv0ce8oghu7k4pp"

  timeouts {
    create = "10m"
    delete = "10m"
  }
}

# Alibaba Cloud: bind an EIP to a secondary private IP of a network interface, in NAT mode.
resource "tether_eip_association" "eni" {
  eip_id             = "eip-bp1rgg3kcws2yhq3ehbvl"
  instance_id        = "eni-bp14v2sdd3v8htln9zyz"
  instance_type      = "NetworkInterface"
  mode               = "NAT"
  private_ip_address = "192.168.0.12"
}

# Tencent Cloud: bind an EIP to a CVM instance.
resource "tether_eip_association" "tencent" {
  provider    = tether.tencent
  eip_id      = "eip-m44ku5c0"
  instance_id = "ins-2zvbdcmb"
}

# Tencent Cloud: bind an EIP to a private IP of an elastic network interface.
resource "tether_eip_association" "tencent_eni" {
  provider             = tether.tencent
  eip_id               = "eip-hxlqja90"
  network_interface_id = "eni-pxir56ns"
  private_ip_address   = "10.0.0.12"
}

output "example_public_ip" {
  value = tether_eip_association.example.ip_address
}
