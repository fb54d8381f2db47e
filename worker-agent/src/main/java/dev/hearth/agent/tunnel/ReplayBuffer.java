package dev.hearth.agent.tunnel;

import java.util.Arrays;

/**
 * The most recent output of a shell, at most {@code capacity} bytes, replayed to a tunnel that attaches
 * to it (a reload resumes the same shell with its screen; Educates keeps 50,000 characters). What it
 * replays starts after a line break when it can, so it does not begin in the middle of a line.
 */
final class ReplayBuffer {

    private final byte[] ring;
    private long written;

    ReplayBuffer(int capacity) {
        this.ring = new byte[Math.max(1, capacity)];
    }

    synchronized void append(byte[] bytes) {
        int from = Math.max(0, bytes.length - ring.length);
        written += from;
        for (int i = from; i < bytes.length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[i];
        }
    }

    synchronized byte[] contents() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        if (written <= ring.length) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n') {
                return Arrays.copyOfRange(out, i + 1, out.length);
            }
        }
        return out;
    }
}
