# Expected error: [InvalidBackendServerRegionId.EqualRegionId] (the backend must be in
# another region than the accelerator).
run "a_backend_in_the_accelerator_region" {
  command = plan
  variables {
    accelerator = {
      instance_id       = "ga-hzexcl05"
      backend_server_id = "i-hzapp044"
      backend_region    = "cn-hangzhou"
    }
  }
}
