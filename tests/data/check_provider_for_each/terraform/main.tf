# Terraform has no provider for_each: one aliased provider block per region, with the
# regions from a map variable. Planned by terraform 1.11.4 into plan.json (see
# tests/check_provider_for_each.rs).
terraform {
  required_providers {
    tether = {
      source = "registry.terraform.io/tether-dev/tether"
    }
  }
}

variable "regions" {
  type = map(string)
  default = {
    hz = "cn-hangzhou"
    sh = "cn-shanghai"
  }
}

# The same name as module.own's variable, with another value: module.own's provider must
# take its module's value, not this one.
variable "region" {
  type    = string
  default = "cn-beijing"
}

provider "tether" {
  cloud  = "alibaba"
  region = var.region
}

provider "tether" {
  alias  = "hz"
  cloud  = "alibaba"
  region = var.regions["hz"]
}

provider "tether" {
  alias  = "sh"
  cloud  = "alibaba"
  region = var.regions["sh"]
}

resource "tether_eip_association" "hz" {
  provider    = tether.hz
  eip_id      = "eip-hzone01"
  instance_id = "i-hz001"
}

# Bound by module.own.tether_eip_association.x too, in the same region.
resource "tether_eip_association" "sh" {
  provider    = tether.sh
  eip_id      = "eip-shdup01"
  instance_id = "i-sh001"
}

resource "tether_ga_backend" "hz" {
  provider                        = tether.hz
  global_acceleration_instance_id = "ga-hz001"
  backend_server_id               = "i-hz002"
  backend_server_region_id        = "ap-southeast-1"
}

resource "tether_ga_backend" "sh" {
  provider                        = tether.sh
  global_acceleration_instance_id = "ga-sh001"
  backend_server_id               = "i-sh002"
  backend_server_region_id        = "ap-southeast-1"
}

# Inherits the default provider (cn-beijing).
module "inherit" {
  source = "./modules/inherit"
}

# Is passed tether.hz.
module "passed" {
  source    = "./modules/inherit"
  providers = { tether = tether.hz }
}

# Declares its own provider block (key module.own:tether), region from its variable.
module "own" {
  source = "./modules/own"
  region = "cn-shanghai"
}
