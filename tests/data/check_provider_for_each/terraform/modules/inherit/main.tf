terraform {
  required_providers {
    tether = {
      source = "registry.terraform.io/tether-dev/tether"
    }
  }
}

resource "tether_ga_backend" "this" {
  global_acceleration_instance_id = "ga-mod001"
  backend_server_id               = "i-mod001"
  backend_server_region_id        = "ap-southeast-1"
}
