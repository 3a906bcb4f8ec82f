# Alibaba Cloud, every instance attached (CreationType Attached) to the group: <scaling_group_id>
terraform import tether_ess_attachment.example asg-bp18p2yfxow2dloq6ngg

# Only the listed instances of the group: <scaling_group_id>:<instance_id>,<instance_id>,...
terraform import tether_ess_attachment.example asg-bp18p2yfxow2dloq6ngg:i-bp1g6zv0ce8oghu7k4pp,i-bp1g6zv0ce8oghu7k4pq
