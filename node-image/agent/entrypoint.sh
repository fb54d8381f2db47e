#!/bin/sh
# Starts the agent. Its network confinement (docs/security.md, "Participant's cluster and the host's
# network") writes iptables rules into the host's namespace, next to the DOCKER-USER chain the host's
# dockerd made; that chain lives in whichever iptables backend dockerd uses (nf_tables or legacy), so
# the image's iptables is pointed at the backend that has it. A host where neither has it (dockerd
# with --iptables=false) keeps nf_tables, and the agent reports confinement as failing.
set -e
if ! iptables-nft -S DOCKER-USER >/dev/null 2>&1 && iptables-legacy -S DOCKER-USER >/dev/null 2>&1; then
  # iptables-restore and iptables-save follow as the alternative's secondary links.
  update-alternatives --quiet --set iptables /usr/sbin/iptables-legacy
fi
exec /opt/hearth-agent/runtime/bin/java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar /opt/hearth-agent/app/quarkus-run.jar "$@"
