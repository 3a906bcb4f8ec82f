terraform {
  required_providers {
    tether = {
      source = "registry.terraform.io/tether-dev/tether"
    }
  }
}

variable "region" {
  type = string
}

provider "tether" {
  cloud  = "alibaba"
  region = var.region
}

# The same EIP as tether_eip_association.sh in the root, in the same region.
resource "tether_eip_association" "x" {
  eip_id      = "eip-shdup01"
  instance_id = "i-sh003"
}

resource "tether_ga_backend" "x" {
  global_acceleration_instance_id = "ga-own001"
  backend_server_id               = "i-sh004"
  backend_server_region_id        = "ap-southeast-1"
}
