# tether quickstart: one of each resource, on Alibaba Cloud, Tencent Cloud and Volcengine.
# The IDs are objects of the emulator's example fixtures (examples/emulator/fixtures.json);
# `scripts/demo` runs this against the emulator. Credentials and the endpoint come from the
# environment (TETHER_ENDPOINT and each cloud's access key variables).

terraform {
  required_providers {
    tether = {
      source = "registry.terraform.io/tether-dev/tether"
    }
  }
}

provider "tether" {
  alias  = "alibaba"
  cloud  = "alibaba"
  region = "cn-hangzhou"
}

provider "tether" {
  alias  = "tencent"
  cloud  = "tencent"
  region = "ap-guangzhou"
}

provider "tether" {
  alias  = "volcengine"
  cloud  = "volcengine"
  region = "cn-beijing"
}

variable "bind_busy_eip" {
  description = "Also bind an EIP that is already in use; the plan then stops with [IncorrectEipStatus]."
  type        = bool
  default     = false
}

# An Alibaba Cloud EIP on an ECS instance.
resource "tether_eip_association" "web" {
  provider    = tether.alibaba
  eip_id      = "eip-hzfree001"
  instance_id = "i-hzapp001"
}

# A Tencent Cloud EIP on a CVM instance (AssociateAddress, then its task is awaited).
resource "tether_eip_association" "api" {
  provider    = tether.tencent
  eip_id      = "eip-free0001"
  instance_id = "ins-app00002"
}

# A Volcengine HaVip shared by a database instance.
resource "tether_havip_attachment" "db" {
  provider    = tether.volcengine
  havip_id    = "havip-bjdemo001"
  instance_id = "i-bjapp001"
}

# An exclusive global acceleration instance in Hangzhou in front of a server in Shanghai.
resource "tether_ga_backend" "edge" {
  provider                        = tether.alibaba
  global_acceleration_instance_id = "ga-hzexcl01"
  backend_server_id               = "i-shapp001"
  backend_server_region_id        = "cn-shanghai"
}

# Three existing instances attached to an auto scaling group, one with a custom weight.
resource "tether_ess_attachment" "workers" {
  provider              = tether.alibaba
  scaling_group_id      = "asg-hzbig"
  instance_ids          = ["i-hzapp010", "i-hzapp011", "i-hzapp012"]
  load_balancer_weights = { "i-hzapp010" = 80 }
}

# Only with -var bind_busy_eip=true: eip-hzinuse is already bound, so a live plan-time
# check stops the plan before anything is changed.
resource "tether_eip_association" "busy" {
  count       = var.bind_busy_eip ? 1 : 0
  provider    = tether.alibaba
  eip_id      = "eip-hzinuse"
  instance_id = "i-hzapp002"
}

output "public_addresses" {
  value = {
    alibaba_web = tether_eip_association.web.ip_address
    tencent_api = tether_eip_association.api.ip_address
    havip_db    = tether_havip_attachment.db.ip_address
    ga_edge     = tether_ga_backend.edge.ip_address
  }
}
