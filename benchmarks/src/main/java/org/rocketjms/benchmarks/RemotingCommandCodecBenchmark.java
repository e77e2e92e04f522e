package org.rocketjms.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.PropertiesCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;

/**
 * Frame codec cost of one send request as the JMS client writes it (the send header's ext fields and a body of
 * {@code bodySize} bytes): encoding into a reused direct buffer, and decoding one frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RemotingCommandCodecBenchmark {

    @Param({"1024"})
    public int bodySize;

    private RemotingCommand command;
    private ByteBuf encodeBuffer;
    private ByteBuf frame;
    private int frameContentStart;

    @Setup
    public void setUp() throws RemotingCommandException {
        Map<String, String> properties = new HashMap<>();
        properties.put("#JMSMessageID", "ID:7f000001-0000-0000-0000-00000000c0de");
        properties.put("#JMSDeliveryMode", "I2");
        properties.put("#JMSPriority", "I4");
        properties.put("rjPerfSentMicros", "J1763924400000000");
        SendMessageRequestHeader header = new SendMessageRequestHeader("perf-producer", "perf", 2, 0,
                1_763_924_400_000L, PropertiesCodec.encode(properties), true);
        command = RemotingCommand.createRequest(BrokerRequestCode.SEND_MESSAGE, header);
        command.setBody(new byte[bodySize]);
        int size = RemotingCommandCodec.estimateFrameLength(command);
        encodeBuffer = Unpooled.directBuffer(size);
        frame = Unpooled.directBuffer(size);
        RemotingCommandCodec.encode(command, frame);
        frameContentStart = RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH;
    }

    @TearDown
    public void tearDown() {
        encodeBuffer.release();
        frame.release();
    }

    @Benchmark
    public int encode() throws RemotingCommandException {
        encodeBuffer.clear();
        RemotingCommandCodec.encode(command, encodeBuffer);
        return encodeBuffer.writerIndex();
    }

    @Benchmark
    public RemotingCommand decode() throws RemotingCommandException {
        frame.readerIndex(frameContentStart);
        return RemotingCommandCodec.decode(frame);
    }
}
