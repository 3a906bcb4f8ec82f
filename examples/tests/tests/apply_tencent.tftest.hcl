# Apply results on Tencent Cloud (a file of its own: its state holds Tencent resources only,
# so a provider configured for Tencent never reads the Alibaba ones of apply.tftest.hcl).

run "binds_an_eip_on_tencent" {
  variables {
    cloud    = "tencent"
    region   = "ap-guangzhou"
    bindings = { app = { eip_id = "eip-free0040", instance_id = "ins-app00040" } }
  }

  assert {
    condition     = output.association_ids == { app = "eip-free0040:ins-app00040" } && output.public_ips == { app = "129.204.0.41" }
    error_message = "The Tencent EIP is bound to the CVM."
  }
}
