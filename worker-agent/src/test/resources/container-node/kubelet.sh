#!/bin/bash
# Stage three: containerd with its CRI and kubelet, standalone, running the static pods of
# /opt/hearth-test/manifests; the images it needs are imported from /opt/hearth-test/*.tar.
set -eu
export PATH=/opt/hearth-node/bin:$PATH
mkdir -p /tmp/node/root /tmp/node/state /tmp/node/cni/net.d /var/lib/kubelet/manifests
cat > /tmp/node/config.toml <<TOML
version = 3
root = "/tmp/node/root"
state = "/tmp/node/state"
[grpc]
  address = "/tmp/node/containerd.sock"
[plugins."io.containerd.cri.v1.images".pinned_images]
  sandbox = "$(cat /opt/hearth-test/sandbox-image)"
[plugins."io.containerd.cri.v1.runtime"]
  restrict_oom_score_adj = true
  disable_apparmor = true
[plugins."io.containerd.cri.v1.runtime".cni]
  bin_dirs = ["/opt/hearth-node/bin"]
  conf_dir = "/tmp/node/cni/net.d"
TOML
# The pods' network: CNI's bridge in the node's own network namespace (its user namespace owns it, so
# its root may make the bridge and the pods' veths), addresses from host-local.
cat > /tmp/node/cni/net.d/10-hearth.conflist <<JSON
{"cniVersion": "1.0.0", "name": "hearth", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
JSON
containerd --config /tmp/node/config.toml > /var/log/containerd.log 2>&1 &
for i in $(seq 100); do [ -S /tmp/node/containerd.sock ] && break; sleep 0.1; done
for image in /opt/hearth-test/*.tar; do ctr -a /tmp/node/containerd.sock -n k8s.io images import "$image" >/dev/null; done
cp /opt/hearth-test/manifests/*.yaml /var/lib/kubelet/manifests/
cat > /var/lib/kubelet/config.yaml <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
failSwapOn: false
failCgroupV1: false
featureGates:
  KubeletInUserNamespace: true
staticPodPath: /var/lib/kubelet/manifests
containerRuntimeEndpoint: unix:///tmp/node/containerd.sock
# Standalone: no API server to ask about requests, and no kubelet API served.
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: false
authorization:
  mode: AlwaysAllow
enableServer: false
YAML
exec hearth-kube kubelet --config /var/lib/kubelet/config.yaml --v=1
