# An example module tested with `terraform test` against the tether emulator: it binds EIPs
# to instances and can put a global acceleration instance in front of a backend.
#
# Its own plan-time rules (variable validations, a precondition) guard, inside the module,
# what `tether check` finds across a whole plan; tests/plan.tftest.hcl expects them to fail
# with `expect_failures`, and tests/apply.tftest.hcl applies against the emulator and asserts
# the results. refusals/ holds runs that tether itself refuses at plan time (see there).
#
# Run it (from this directory, with the emulator on its default port):
#   tether emulator &                         # http://127.0.0.1:8466, demo fixtures
#   export TETHER_ENDPOINT=http://127.0.0.1:8466
#   export ALIBABA_CLOUD_ACCESS_KEY_ID=tether-demo ALIBABA_CLOUD_ACCESS_KEY_SECRET=tether-demo-secret
#   export TENCENTCLOUD_SECRET_ID=tether-demo TENCENTCLOUD_SECRET_KEY=tether-demo-secret
#   terraform init && terraform test

terraform {
  required_providers {
    tether = {
      source = "registry.terraform.io/tether-dev/tether"
    }
  }
}

provider "tether" {
  cloud  = var.cloud
  region = var.region
}

variable "cloud" {
  description = "alibaba or tencent: the clouds with EIP associations."
  type        = string
  default     = "alibaba"
  validation {
    condition     = contains(["alibaba", "tencent"], var.cloud)
    error_message = "This module binds EIPs on alibaba or tencent."
  }
}

variable "region" {
  description = "The region of the EIPs and instances."
  type        = string
  default     = "cn-hangzhou"
}

variable "bindings" {
  description = "EIP bindings by name: which EIP goes to which instance."
  type = map(object({
    eip_id      = string
    instance_id = string
  }))
  default = {}

  # The same rules `tether check` applies to a whole plan (eip-bound-twice,
  # target-given-two-eips), stated for this module's input so `terraform plan` stops early.
  validation {
    condition     = length(distinct([for b in values(var.bindings) : b.eip_id])) == length(var.bindings)
    error_message = "Each EIP can be bound once, but two bindings name the same eip_id (the cloud would refuse the second with IncorrectEipStatus)."
  }
  validation {
    condition     = length(distinct([for b in values(var.bindings) : b.instance_id])) == length(var.bindings)
    error_message = "Each instance holds one EIP, but two bindings name the same instance_id (the cloud would refuse the second with InvalidAssociation.Duplicated)."
  }
}

variable "accelerator" {
  description = "Optional (Alibaba Cloud): an exclusive global acceleration instance and the backend server behind it, in another region."
  type = object({
    instance_id       = string
    backend_server_id = string
    backend_region    = string
  })
  default = null
}

resource "tether_eip_association" "this" {
  for_each    = var.bindings
  eip_id      = each.value.eip_id
  instance_id = each.value.instance_id

  lifecycle {
    postcondition {
      # Alibaba reports a bound EIP as InUse, Tencent as BIND.
      condition     = self.status == (var.cloud == "tencent" ? "BIND" : "InUse")
      error_message = "The EIP ${self.eip_id} is ${self.status} after binding, not bound."
    }
  }
}

resource "tether_ga_backend" "this" {
  count                           = var.accelerator == null ? 0 : 1
  global_acceleration_instance_id = var.accelerator.instance_id
  backend_server_id               = var.accelerator.backend_server_id
  backend_server_region_id        = var.accelerator.backend_region

  lifecycle {
    precondition {
      condition     = var.cloud == "alibaba"
      error_message = "Global acceleration backends are an Alibaba Cloud feature; set cloud = \"alibaba\"."
    }
  }
}

output "public_ips" {
  description = "The public IP of each binding's EIP."
  value       = { for name, a in tether_eip_association.this : name => a.ip_address }
}

output "association_ids" {
  description = "Each binding's association ID, <eip_id>:<instance_id>."
  value       = { for name, a in tether_eip_association.this : name => a.id }
}

output "accelerator_ip" {
  description = "The acceleration IP in front of the backend, when there is one."
  value       = one(tether_ga_backend.this[*].ip_address)
}
