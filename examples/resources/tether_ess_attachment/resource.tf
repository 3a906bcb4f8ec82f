# Alibaba Cloud: attach two existing ECS instances to an auto scaling group. Adding or
# removing IDs later attaches or detaches just the difference, in place.
resource "tether_ess_attachment" "example" {
  scaling_group_id = "asg-bp18p2yfxow2dloq6ngg"
  instance_ids     = ["i-bp1g6zv0ce8oghu7k4pp", "i-bp1g6zv0ce8oghu7k4pq"]

  # Weights behind the group's load balancers (0 to 100); instances left out get 50.
  load_balancer_weights = {
    "i-bp1g6zv0ce8oghu7k4pp" = 80
  }

  lifecycle_hook            = true
  decrease_desired_capacity = false

  timeouts {
    create = "15m"
    delete = "15m"
  }
}

output "last_scaling_activity" {
  value = tether_ess_attachment.example.scaling_activity_id
}
