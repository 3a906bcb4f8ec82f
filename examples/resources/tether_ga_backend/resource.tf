# Alibaba Cloud: accelerate an ECS instance in Hong Kong through an exclusive
# (dedicated-bandwidth) global acceleration instance. The provider's region (cn-hangzhou)
# is the accelerator's; the backend's region must differ from it and lie in the
# accelerator's service area.
resource "tether_ga_backend" "example" {
  global_acceleration_instance_id = "ga-bp1f609c7pgkkwkvm7d7x"
  backend_server_id               = "i-j6c2fp57q8rr4jlu8t7c"
  backend_server_region_id        = "cn-hongkong"
  backend_server_type             = "EcsInstance"

  timeouts {
    create = "10m"
    delete = "10m"
  }
}

output "acceleration_ip" {
  value = tether_ga_backend.example.ip_address
}
