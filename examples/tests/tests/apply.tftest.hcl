# Apply results against the emulator: what the cloud reports back after each run.
# `terraform test` destroys everything it created when the file's runs are done.

run "binds_eips_on_alibaba" {
  variables {
    bindings = {
      web = { eip_id = "eip-hzfree040", instance_id = "i-hzapp040" }
      api = { eip_id = "eip-hzfree041", instance_id = "i-hzapp041" }
    }
  }

  assert {
    condition     = output.association_ids == { web = "eip-hzfree040:i-hzapp040", api = "eip-hzfree041:i-hzapp041" }
    error_message = "Association IDs are <eip_id>:<instance_id>."
  }
  assert {
    condition     = output.public_ips == { web = "47.96.0.41", api = "47.96.0.42" }
    error_message = "The public IPs are the EIPs' addresses."
  }
  assert {
    condition     = alltrue([for a in tether_eip_association.this : a.status == "InUse"])
    error_message = "Every bound EIP is InUse."
  }
  assert {
    condition     = output.accelerator_ip == null
    error_message = "No accelerator yet."
  }
}

run "adds_an_accelerator_and_moves_one_binding" {
  variables {
    bindings = {
      web = { eip_id = "eip-hzfree040", instance_id = "i-hzapp040" }
      api = { eip_id = "eip-hzfree042", instance_id = "i-hzapp041" }
    }
    accelerator = {
      instance_id       = "ga-hzexcl05"
      backend_server_id = "i-shapp005"
      backend_region    = "cn-shanghai"
    }
  }

  assert {
    condition     = tether_eip_association.this["api"].id == "eip-hzfree042:i-hzapp041" && tether_eip_association.this["api"].ip_address == "47.96.0.43"
    error_message = "Changing the EIP replaced the api association."
  }
  assert {
    condition     = tether_ga_backend.this[0].id == "ga-hzexcl05:i-shapp005"
    error_message = "The backend is bound: <instance>:<backend>."
  }
  assert {
    condition     = output.accelerator_ip == "139.224.0.5"
    error_message = "The accelerator's IP is the GA instance's address."
  }
}
