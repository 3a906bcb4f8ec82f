# OpenTofu (1.9 and later): one provider block with for_each is a configuration per region.
# plan.json beside this file is written by hand as `tofu show -json` renders a plan of this
# configuration (see tests/check_provider_for_each.rs for the OpenTofu sources it follows).
terraform {
  required_providers {
    tether = {
      source = "tether-dev/tether"
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

variable "fallback" {
  type    = string
  default = "sh"
}

locals {
  ga = {
    hz = "ga-hz001"
    sh = "ga-sh001"
  }
}

provider "tether" {
  alias    = "by_region"
  for_each = var.regions
  cloud    = "alibaba"
  region   = each.value
}

# A literal instance key.
resource "tether_eip_association" "literal" {
  provider    = tether.by_region["sh"]
  eip_id      = "eip-dup01"
  instance_id = "i-sh001"
}

# The instance key is the resource's own key: the same EIP ID in cn-hangzhou and in
# cn-shanghai; the cn-shanghai one is also bound by tether_eip_association.literal.
resource "tether_eip_association" "keyed" {
  for_each    = toset(["hz", "sh"])
  provider    = tether.by_region[each.key]
  eip_id      = "eip-dup01"
  instance_id = "i-${each.key}002"
}

resource "tether_ga_backend" "edge" {
  for_each                        = local.ga
  provider                        = tether.by_region[each.key]
  global_acceleration_instance_id = each.value
  backend_server_id               = "i-${each.key}003"
  backend_server_region_id        = "ap-southeast-1"
}

# The instance key is the resource's each.value.
resource "tether_ga_backend" "by_value" {
  for_each                        = { first = "sh" }
  provider                        = tether.by_region[each.value]
  global_acceleration_instance_id = "ga-sh002"
  backend_server_id               = "i-sh004"
  backend_server_region_id        = "ap-southeast-1"
}

# An instance key tether check does not evaluate (a function it does not know).
resource "tether_eip_association" "mystery" {
  provider    = tether.by_region[coalesce(var.fallback, "hz")]
  eip_id      = "eip-dup01"
  instance_id = "i-sh005"
}

# A provider instance passed into a module with for_each.
module "edge" {
  source    = "./edge"
  for_each  = var.regions
  providers = { tether = tether.by_region[each.key] }
}
