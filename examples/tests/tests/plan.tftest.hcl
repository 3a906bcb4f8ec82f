# Plan-time rules: the module's own validations and precondition stop the plan, and
# `expect_failures` names the checkable object that must fail. Nothing is created.

variables {
  bindings = {
    web = { eip_id = "eip-hzfree040", instance_id = "i-hzapp040" }
    api = { eip_id = "eip-hzfree041", instance_id = "i-hzapp041" }
  }
}

run "a_clean_plan" {
  command = plan

  assert {
    condition     = length(tether_eip_association.this) == 2
    error_message = "Two associations are planned."
  }
  assert {
    condition     = tether_eip_association.this["web"].eip_id == "eip-hzfree040" && tether_eip_association.this["web"].instance_id == "i-hzapp040"
    error_message = "The web binding plans eip-hzfree040 on i-hzapp040."
  }
  assert {
    condition     = length(tether_ga_backend.this) == 0
    error_message = "No accelerator without var.accelerator."
  }
}

run "one_eip_bound_twice" {
  command = plan
  variables {
    bindings = {
      web = { eip_id = "eip-hzfree040", instance_id = "i-hzapp040" }
      api = { eip_id = "eip-hzfree040", instance_id = "i-hzapp041" }
    }
  }
  expect_failures = [var.bindings]
}

run "one_instance_given_two_eips" {
  command = plan
  variables {
    bindings = {
      web = { eip_id = "eip-hzfree040", instance_id = "i-hzapp040" }
      api = { eip_id = "eip-hzfree041", instance_id = "i-hzapp040" }
    }
  }
  expect_failures = [var.bindings]
}

run "a_cloud_without_eip_associations" {
  command = plan
  variables {
    cloud  = "volcengine"
    region = "cn-beijing"
  }
  expect_failures = [var.cloud]
}

run "an_accelerator_outside_alibaba" {
  command = plan
  variables {
    cloud    = "tencent"
    region   = "ap-guangzhou"
    bindings = {}
    accelerator = {
      instance_id       = "ga-hzexcl05"
      backend_server_id = "ins-app00040"
      backend_region    = "ap-shanghai"
    }
  }
  expect_failures = [tether_ga_backend.this]
}
