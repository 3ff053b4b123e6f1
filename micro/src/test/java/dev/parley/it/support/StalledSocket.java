package dev.parley.it.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A widget on a stalled network: a WebSocket client on a plain TCP socket with a small receive
 * window that says hello, reads up to {@code ready}, and then stops reading until told to drain.
 * No WebSocket library can be told to stop reading, hence the few lines of RFC 6455 here.
 */
public final class StalledSocket implements AutoCloseable {

    private static final int RECEIVE_WINDOW = 4 * 1024;
    private static final SecureRandom MASKS = new SecureRandom();

    /** A frame the server sent: its opcode and payload (text as UTF-8, close as code + reason). */
    public record Frame(int opcode, byte[] payload) {

        public static final int TEXT = 0x1;
        public static final int CLOSE = 0x8;

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private StalledSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens {@code /chat/ws}, says hello with the token and reads frames up to {@code ready}. */
    public static StalledSocket connect(Parley parley, String contactToken) {
        URI uri = parley.uri("chat/ws");
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(RECEIVE_WINDOW); // before connect: it sets the advertised window
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            StalledSocket client = new StalledSocket(socket);
            client.upgrade(uri);
            client.sendText("{\"type\":\"hello\",\"token\":\"" + contactToken + "\"}");
            while (!client.next().text().contains("\"type\":\"ready\"")) {
                // frames pushed between the hello and ready are skipped
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + uri, e);
        }
    }

    private void upgrade(URI uri) throws IOException {
        byte[] nonce = new byte[16];
        MASKS.nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        String status =
                head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        if (!status.contains(" 101 ")) {
            throw new IOException("no upgrade: " + head);
        }
    }

    private void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("a hello fits in one short frame");
        }
        byte[] mask = new byte[4];
        MASKS.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | Frame.TEXT);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the next frame (the stall ends here). */
    public Frame next() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads everything the server sent until it closed the socket; the close frame, if any, is last. */
    public List<Frame> drain() {
        List<Frame> frames = new ArrayList<>();
        try {
            while (true) {
                Frame frame = next();
                frames.add(frame);
                if (frame.opcode() == Frame.CLOSE) {
                    return frames;
                }
            }
        } catch (EOFException ended) {
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException("draining after " + frames.size() + " frames", e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
