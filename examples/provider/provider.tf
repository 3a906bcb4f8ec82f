terraform {
  required_providers {
    tether = {
      # The full source address: Terraform and OpenTofu resolve the same provider.
      source = "registry.terraform.io/tether-dev/tether"
    }
  }
}

# Alibaba Cloud in Hangzhou: the default provider configuration. Credentials come from
# ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (or ALICLOUD_ACCESS_KEY /
# ALICLOUD_SECRET_KEY) in the environment.
provider "tether" {
  cloud  = "alibaba"
  region = "cn-hangzhou"
}

# Tencent Cloud in Guangzhou, as an alias: resources pick it with `provider = tether.tencent`.
# Credentials come from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY.
provider "tether" {
  alias  = "tencent"
  cloud  = "tencent"
  region = "ap-guangzhou"
}

# Volcengine in Beijing, as an alias, with credentials passed in explicitly and fewer retries.
provider "tether" {
  alias       = "volcengine"
  cloud       = "volcengine"
  region      = "cn-beijing"
  access_key  = var.volcengine_access_key
  secret_key  = var.volcengine_secret_key
  max_retries = 5
}

variable "volcengine_access_key" {
  description = "Volcengine access key ID."
  type        = string
  sensitive   = true
}

variable "volcengine_secret_key" {
  description = "Volcengine secret access key."
  type        = string
  sensitive   = true
}
