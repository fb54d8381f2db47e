#!/usr/bin/env bash
# Proves the control-plane image on this engine with no Hearth Java code involved: makes a
# throwaway PKI with openssl, starts one control-plane container with its API server on a free
# 127.0.0.1 port, waits for /readyz with the admin client certificate, runs `kubectl get ns`,
# prints time-to-ready and memory, and removes everything it created (all labelled).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=$("$here/build-images.sh" | sed -n 's/^control-plane=//p')
kube=$("$here/build-kube.sh")
id=smoke-$$
work=$(mktemp -d)
cleanup() { [ -n "${SMOKE_KEEP:-}" ] && { docker logs "hearth-$id-control-plane" > /tmp/smoke-container.log 2>&1 || true; };  docker rm -f "hearth-$id-control-plane" >/dev/null 2>&1 || true; docker volume rm "hearth-$id-etcd" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/kubernetes/pki"; pki=$work/kubernetes/pki

ossl() { openssl "$@" 2>/dev/null; }
ca() { ossl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$2" -keyout "$pki/$1.key" -out "$pki/$1.crt"; }
cert() { # name ca subject [san]
  ossl req -newkey rsa:2048 -nodes -subj "$3" -keyout "$pki/$1.key" -out "$work/$1.csr"
  local ext=$work/$1.ext; echo "keyUsage=critical,digitalSignature,keyEncipherment" > "$ext"
  if [ -n "${4:-}" ]; then echo "extendedKeyUsage=serverAuth" >> "$ext"; echo "subjectAltName=$4" >> "$ext"; else echo "extendedKeyUsage=clientAuth" >> "$ext"; fi
  ossl x509 -req -in "$work/$1.csr" -CA "$pki/$2.crt" -CAkey "$pki/$2.key" -CAcreateserial -days 1 -extfile "$ext" -out "$pki/$1.crt"
}
t0=$(date +%s.%N)
ca ca kubernetes-ca; ca front-proxy-ca front-proxy-ca
cert apiserver ca "/CN=kube-apiserver" "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:hearth-$id-control-plane,IP:127.0.0.1,IP:10.96.0.1"
cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client"
cert front-proxy-client front-proxy-ca "/CN=front-proxy-client"
cert admin ca "/O=system:masters/CN=hearth-admin"
cert controller-manager ca "/O=system:masters/CN=system:kube-controller-manager"
cert scheduler ca "/CN=system:kube-scheduler"
ossl genrsa -out "$pki/sa.key" 2048; ossl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"
kubeconfig() { # file user server
  local f=$1; "$kube" kubectl config --kubeconfig="$f" set-cluster hearth --server="$3" --certificate-authority="$pki/ca.crt" --embed-certs >/dev/null
  "$kube" kubectl config --kubeconfig="$f" set-credentials "$2" --client-certificate="$pki/$2.crt" --client-key="$pki/$2.key" --embed-certs >/dev/null
  "$kube" kubectl config --kubeconfig="$f" set-context hearth --cluster=hearth --user="$2" >/dev/null
  "$kube" kubectl config --kubeconfig="$f" use-context hearth >/dev/null
}
kubeconfig "$work/kubernetes/controller-manager.conf" controller-manager https://127.0.0.1:6443
kubeconfig "$work/kubernetes/scheduler.conf" scheduler https://127.0.0.1:6443
t1=$(date +%s.%N)

labels=(--label dev.hearth.cluster=$id --label dev.hearth.role=control-plane --label dev.hearth.host=smoke)
docker volume create "${labels[@]}" "hearth-$id-etcd" >/dev/null
docker create --name "hearth-$id-control-plane" "${labels[@]}" --memory 512m --cpus 1 \
  -v "hearth-$id-etcd:/var/lib/etcd" -p 127.0.0.1::6443 "$image" >/dev/null
docker cp "$work/kubernetes/." "hearth-$id-control-plane:/etc/kubernetes/"
docker start "hearth-$id-control-plane" >/dev/null
t2=$(date +%s.%N)
port=$(docker port "hearth-$id-control-plane" 6443/tcp | head -1 | sed 's/.*://')
kubeconfig "$work/admin.conf" admin "https://127.0.0.1:$port"
ready=""
for _ in $(seq 1 600); do
  if curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$port/readyz" >/dev/null; then ready=yes; break; fi
  if [ "$(docker inspect -f '{{.State.Running}}' "hearth-$id-control-plane")" != true ]; then break; fi
  sleep 0.1
done
t3=$(date +%s.%N)
if [ -z "$ready" ]; then
  echo "smoke-test: API server never answered /readyz; container state and last log lines:" >&2
  docker inspect -f '{{json .State}}' "hearth-$id-control-plane" >&2; docker logs "hearth-$id-control-plane" 2>&1 | grep -vE "level.:.info|^I[0-9]{4}" | head -40 >&2; exit 1
fi
echo "--- /readyz?verbose (admin client certificate, https://127.0.0.1:$port)"
curl -s --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$port/readyz?verbose" | tail -3
echo "--- kubectl get ns"
"$kube" kubectl --kubeconfig "$work/admin.conf" get ns
"$kube" kubectl --kubeconfig "$work/admin.conf" version 2>/dev/null | grep -E "^(Client|Server) Version"
sleep "${SMOKE_IDLE_SECONDS:-20}"   # let controllers settle, then measure idle memory
printf 'pki+kubeconfigs %.1fs | create+start %.1fs | start->readyz %.1fs | idle memory %s | image %s\n' \
  "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)" \
  "$(docker stats --no-stream --format '{{.MemUsage}}' "hearth-$id-control-plane")" \
  "$(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
docker exec "hearth-$id-control-plane" sh -c 'for p in /proc/[0-9]*; do n=$(cat $p/comm); r=$(awk "/VmRSS/ {print \$2}" $p/status); [ -n "$r" ] && echo "  $n ${r} kB"; done' | sort -k2 -n -r | head -6
