# Alibaba Cloud: <global_acceleration_instance_id>:<backend_server_id>
terraform import tether_ga_backend.example ga-bp1f609c7pgkkwkvm7d7x:i-j6c2fp57q8rr4jlu8t7c
