# lease_nats.sh: lease.sh with two brokers on one nats-server (the lease in
# a JetStream key-value bucket both brokers share).
LEASE_LOG=nats
. "$(dirname "$0")/lease.sh"
