terraform {
  required_providers {
    tether = {
      source = "tether-dev/tether"
    }
  }
}

# One GA instance ID in each region: two instances, one backend each.
resource "tether_ga_backend" "this" {
  global_acceleration_instance_id = "ga-edge01"
  backend_server_id               = "i-edge01"
  backend_server_region_id        = "ap-southeast-1"
}
