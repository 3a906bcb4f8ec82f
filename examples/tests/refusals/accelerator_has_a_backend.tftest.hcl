# Expected error: [InvalidAssociation.Duplicated] (the accelerator already has a backend).
run "an_accelerator_that_has_a_backend" {
  command = plan
  variables {
    accelerator = {
      instance_id       = "ga-hzbusy"
      backend_server_id = "i-shapp006"
      backend_region    = "cn-shanghai"
    }
  }
}
