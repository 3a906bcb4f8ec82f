# Expected error: [IncorrectEipStatus] (the EIP is bound to another instance).
run "an_eip_already_in_use" {
  command = plan
  variables {
    bindings = { busy = { eip_id = "eip-hzinuse", instance_id = "i-hzapp042" } }
  }
}
