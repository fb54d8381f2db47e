/**
 * What a pod's container may see, mapped to WASI (docs/wasm-node.md): its environment ({@code value},
 * {@code configMapKeyRef}, {@code secretKeyRef}, {@code fieldRef}, {@code envFrom}), its volumes
 * ({@code configMap}, {@code secret}, {@code emptyDir}, {@code downwardAPI} and the {@code projected}
 * service-account volume every pod gets; {@code hostPath} is refused) made into directories under the
 * pods' directory, apart from the node's state, and preopened at their {@code mountPath} through views
 * confined to the volume — read-only ones through a {@link dev.hearth.wasmnode.volume.ReadOnlyView},
 * writable emptyDirs through a {@link dev.hearth.wasmnode.volume.BoundedView} within their quota — and
 * its memory limit.
 */
package dev.hearth.wasmnode.volume;
