package dev.parley.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many idle widget sockets from one small client: each is a plain blocking {@link Socket} that does
 * the widget's real handshake (HTTP upgrade, then {@code hello} with its own visitor's token, then
 * waits for {@code ready}) on a pool thread, and is then left alone with no thread, no buffer and
 * no reader. Tyrus' client, used for the sockets that must receive, keeps per session its own
 * buffers and objects (tens of KiB); at 20,000 sockets this client costs the bench process a few
 * MiB, so the server is what is measured. Nothing is read after {@code ready}: an idle widget gets
 * no frames unless something happens to its visitor, and nothing does here.
 */
public final class IdleWidgets implements AutoCloseable {

    private final Visitors visitors;
    private final URI socketBase;
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger retried = new AtomicInteger();

    public IdleWidgets(Visitors visitors, URI socketBase) {
        this.visitors = visitors;
        this.socketBase = socketBase;
    }

    /** Sessions for {@code count} new visitors, created {@code parallel} at a time (no socket yet). */
    public List<Visitors.Visitor> newVisitors(int count, int parallel) throws Exception {
        return all(count, parallel, i -> visitors.newVisitor());
    }

    /** One socket per visitor, {@code parallel} handshakes at a time; each tried up to three times. */
    public void connect(List<Visitors.Visitor> who, int parallel) throws Exception {
        all(who.size(), parallel, i -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    open.add(handshake(who.get(i).token()));
                    return null;
                } catch (IOException failed) {
                    retried.incrementAndGet();
                    if (attempt == 3) {
                        throw new IOException("socket " + i + " failed three times", failed);
                    }
                }
            }
        });
    }

    public int open() {
        return open.size();
    }

    public int retried() {
        return retried.get();
    }

    private Socket handshake(String token) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(socketBase.getHost(), port()), 10_000);
            socket.setSoTimeout(15_000);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String host = socketBase.getHost() + ":" + port();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + socketBase.resolve("chat/ws").getRawPath() + " HTTP/1.1\r\n"
                            + "Host: " + host + "\r\n"
                            + "Origin: http://" + host + "\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
            String status = headers(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + status);
            }
            out.write(textFrame("{\"type\":\"hello\",\"token\":\"" + token + "\"}"));
            while (true) {
                String frame = readFrame(in);
                if (frame.contains("\"type\":\"ready\"")) {
                    socket.setSoTimeout(0);
                    return socket;
                }
            }
        } catch (IOException | RuntimeException failed) {
            socket.close();
            throw failed;
        }
    }

    private int port() {
        return socketBase.getPort() > 0 ? socketBase.getPort() : 80;
    }

    /** The status line; the rest of the response head is skipped. */
    private static String headers(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n"));
    }

    /** A server frame's payload as text (servers do not mask); a close frame ends the socket. */
    private static String readFrame(InputStream in) throws IOException {
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) {
            throw new IOException("closed before ready");
        }
        if ((first & 0x0F) == 0x8) {
            throw new IOException("closed by the server before ready");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new IOException("closed in a frame");
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A masked text frame, as every client must send. */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 8);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    private static <T> List<T> all(int count, int parallel, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        synchronized (open) {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            open.clear();
        }
    }
}
