package dev.hearth.wasmnode.volume;

/**
 * How much pods may write on the node. An {@code emptyDir} is bounded by its {@code sizeLimit}, or
 * by {@code emptyDirBytes} when it has none; all pods' emptyDirs together by {@code totalBytes}. A
 * module writing past either bound gets an I/O error on its write, the node's own disk space stays.
 *
 * @param emptyDirBytes the bound of an emptyDir without a {@code sizeLimit} ({@code HEARTH_EMPTY_DIR_LIMIT})
 * @param totalBytes the bound of every emptyDir on the node together ({@code HEARTH_PODS_STORAGE_LIMIT})
 */
public record VolumeLimits(long emptyDirBytes, long totalBytes) {

    public static final VolumeLimits DEFAULT = new VolumeLimits(64L * 1024 * 1024, 512L * 1024 * 1024);

    public VolumeLimits {
        if (emptyDirBytes <= 0 || totalBytes <= 0) {
            throw new IllegalArgumentException("volume limits must be positive, got emptyDir " + emptyDirBytes
                    + ", total " + totalBytes);
        }
    }
}
