# Expected error: [InvalidAssociation.Duplicated] (the instance already holds an EIP).
run "an_instance_that_already_holds_an_eip" {
  command = plan
  variables {
    bindings = { second = { eip_id = "eip-hzfree043", instance_id = "i-hzbound" } }
  }
}
