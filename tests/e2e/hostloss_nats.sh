# hostloss_nats.sh: hostloss.sh with the log on one nats-server.
HOSTLOSS_LOG=nats
. "$(dirname "$0")/hostloss.sh"
