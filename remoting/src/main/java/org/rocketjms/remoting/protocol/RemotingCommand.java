package org.rocketjms.remoting.protocol;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * One request or response on the wire: a code, a protocol version, an opaque request id, flags, an
 * optional remark, optional string extension fields (the typed header) and an optional body.
 *
 * <p>Requests get a fresh opaque from a process-wide counter, so two requests created in the same
 * JVM never share one (until the counter wraps after 2^32 requests). A response carries the opaque
 * of the request it answers. The binary form is defined by {@link RemotingCommandCodec}.
 *
 * <p>A command is a mutable value object and is not thread-safe: it belongs to one thread until it is
 * handed to a channel, and must not be changed afterwards. An empty body and a null body are the same
 * thing on the wire; a decoded command has a null body in both cases.
 */
public final class RemotingCommand {

    /** The protocol version written into commands created by this code. */
    public static final int CURRENT_VERSION = 1;

    /** Flag bit 0: this command is a response. */
    public static final int FLAG_RESPONSE = 1;

    /** Flag bit 1: this request expects no response. */
    public static final int FLAG_ONEWAY = 1 << 1;

    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();

    private int code;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flags;
    private String remark;
    private Map<String, String> extFields;
    private byte[] body;

    /** Creates an empty command (code 0, current version, opaque 0, no flags); mostly for decoders and tests. */
    public RemotingCommand() {
    }

    /** Creates a request with the given code and a fresh opaque. */
    public static RemotingCommand createRequest(int code) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.opaque = NEXT_OPAQUE.incrementAndGet();
        return cmd;
    }

    /** Creates a request with the given code and a fresh opaque, and encodes {@code header} into its extension fields. */
    public static RemotingCommand createRequest(int code, CommandHeader header) {
        RemotingCommand cmd = createRequest(code);
        if (header != null) {
            cmd.extFields = new HashMap<>();
            header.encode(cmd.extFields);
        }
        return cmd;
    }

    /**
     * Creates a response with the given code and remark and opaque 0. Returned from a
     * {@code RequestProcessor}, the remoting layer fills in the request's opaque; written later through
     * a channel, use {@link #createResponseTo(RemotingCommand, int, String)} instead.
     */
    public static RemotingCommand createResponse(int code, String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.remark = remark;
        cmd.flags = FLAG_RESPONSE;
        return cmd;
    }

    /** Creates a response to {@code request}: same opaque, the given code and remark. */
    public static RemotingCommand createResponseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand cmd = createResponse(code, remark);
        cmd.opaque = request.opaque;
        return cmd;
    }

    /** Returns the request code or, for a response, the response code. */
    public int getCode() {
        return code;
    }

    /** Sets the request or response code. */
    public void setCode(int code) {
        this.code = code;
    }

    /** Returns the protocol version of the sender. */
    public int getVersion() {
        return version;
    }

    /** Sets the protocol version. */
    public void setVersion(int version) {
        this.version = version;
    }

    /** Returns the request id that ties a response to its request. */
    public int getOpaque() {
        return opaque;
    }

    /** Sets the request id. */
    public void setOpaque(int opaque) {
        this.opaque = opaque;
    }

    /** Returns all flag bits, including ones this version does not know. */
    public int getFlags() {
        return flags;
    }

    /** Sets all flag bits. */
    public void setFlags(int flags) {
        this.flags = flags;
    }

    /** Returns true if this command is a response. */
    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    /** Marks this command as a response. */
    public RemotingCommand markResponse() {
        flags |= FLAG_RESPONSE;
        return this;
    }

    /** Returns true if this request expects no response. */
    public boolean isOneway() {
        return (flags & FLAG_ONEWAY) != 0;
    }

    /** Marks this request as oneway: the receiver sends no response. */
    public RemotingCommand markOneway() {
        flags |= FLAG_ONEWAY;
        return this;
    }

    /** Returns the human-readable remark (usually an error reason), or null. */
    public String getRemark() {
        return remark;
    }

    /** Sets the remark; null means none. */
    public void setRemark(String remark) {
        this.remark = remark;
    }

    /** Returns the live extension field map, or null if the command has none. */
    public Map<String, String> getExtFields() {
        return extFields;
    }

    /** Replaces the extension field map (not copied); null means none. */
    public void setExtFields(Map<String, String> extFields) {
        this.extFields = extFields;
    }

    /** Adds or replaces one extension field and returns this command. */
    public RemotingCommand addExtField(String key, String value) {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        extFields.put(key, value);
        return this;
    }

    /** Returns the extension field {@code key}, or null if absent. */
    public String getExtField(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    /** Returns the extension field {@code key} as a long, or {@code defaultValue} if absent; throws if malformed. */
    public long getExtLong(String key, long defaultValue) throws RemotingCommandException {
        return HeaderFields.optionalLong(extFieldsOrEmpty(), key, defaultValue);
    }

    /** Returns the extension field {@code key} as an int, or {@code defaultValue} if absent; throws if malformed. */
    public int getExtInt(String key, int defaultValue) throws RemotingCommandException {
        return HeaderFields.optionalInt(extFieldsOrEmpty(), key, defaultValue);
    }

    /** Returns the extension field {@code key} as a boolean, or {@code defaultValue} if absent; throws if malformed. */
    public boolean getExtBoolean(String key, boolean defaultValue) throws RemotingCommandException {
        return HeaderFields.optionalBoolean(extFieldsOrEmpty(), key, defaultValue);
    }

    /**
     * Decodes the typed header of this command, e.g. {@code cmd.decodeHeader(SendMessageHeader::decode)}.
     *
     * @throws RemotingCommandException when a mandatory field is missing or malformed
     */
    public <T extends CommandHeader> T decodeHeader(HeaderDecoder<T> decoder) throws RemotingCommandException {
        return decoder.decode(extFieldsOrEmpty());
    }

    /** Returns the body, or null if there is none. */
    public byte[] getBody() {
        return body;
    }

    /** Sets the body (not copied); null means none. */
    public void setBody(byte[] body) {
        this.body = body;
    }

    private Map<String, String> extFieldsOrEmpty() {
        return extFields == null ? Collections.emptyMap() : extFields;
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code
                + ", version=" + version
                + ", opaque=" + opaque
                + ", flags=" + flags
                + ", remark=" + remark
                + ", extFields=" + extFields
                + ", bodyLength=" + (body == null ? 0 : body.length)
                + ']';
    }
}
