package io.baremetallb.localcluster.apiserver;

import java.io.IOException;
import java.io.InputStream;

/**
 * A connection's bytes as read by one thread: a buffer without the JDK streams' per-call locking, which reading a
 * header byte by byte would pay for every byte.
 */
final class ConnectionInput extends InputStream {
    private final InputStream raw;
    private final byte[] buf;
    private int pos;
    private int limit;

    ConnectionInput(InputStream raw, int size) {
        this.raw = raw;
        this.buf = new byte[size];
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit) {
            if (len >= buf.length) {
                return raw.read(b, off, len); // a large body goes straight through
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return limit - pos;
    }

    private boolean fill() throws IOException {
        int n = raw.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
