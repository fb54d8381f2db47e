/**
 * What a pod's container may see, mapped to WASI (DESIGN §8): its environment ({@code value},
 * {@code configMapKeyRef}, {@code secretKeyRef}, {@code fieldRef}, {@code envFrom}), its volumes
 * ({@code configMap}, {@code secret}, {@code emptyDir}, {@code hostPath}, {@code downwardAPI} and the
 * {@code projected} service-account volume every pod gets) made into directories under the pod's
 * state directory and preopened at their {@code mountPath} — read-only ones through a {@link
 * dev.hearth.wasmnode.volume.ReadOnlyView} — and its memory limit.
 */
package dev.hearth.wasmnode.volume;
