package io.osprey.mq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Min;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static ValidatorFactory validation;

    @TempDir
    Path dir;

    @BeforeAll
    static void startValidation() {
        validation = ConfigLoader.validatorFactory();
    }

    @AfterAll
    static void stopValidation() {
        validation.close();
    }

    record AllTypes(String text, int count, long millis, double ratio, boolean enabled, Path dir,
                    FlushDiskType flush, @Min(1) int positive) {
    }

    private static final AllTypes ALL_DEFAULTS =
            new AllTypes("a", 1, 2L, 0.5, false, Path.of("data"), FlushDiskType.ASYNC_FLUSH, 1);

    private ConfigLoader loader(ConfigSource... sources) {
        return new ConfigLoader(List.of(sources), validation.getValidator());
    }

    private static ConfigSource cli(String... keyValues) {
        return ConfigSource.commandLine(List.of(keyValues));
    }

    private ConfigSource file(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("test.properties"), content);
        return ConfigSource.propertiesFile(file);
    }

    @Test
    void keepsTheDefaultsWhenNoSourceSetsAKey() {
        assertThat(loader().load(BrokerConfig.defaults())).isEqualTo(BrokerConfig.defaults());
    }

    @Test
    void parsesEverySupportedComponentType() {
        AllTypes loaded = loader(cli("text= hello ", "count=-7", "millis=9000000000", "ratio=72.5", "enabled=TRUE",
                "dir=/var/osprey", "flush=sync_flush", "positive=3")).load(ALL_DEFAULTS);

        assertThat(loaded).isEqualTo(new AllTypes("hello", -7, 9_000_000_000L, 72.5, true, Path.of("/var/osprey"),
                FlushDiskType.SYNC_FLUSH, 3));
    }

    @Test
    void theFileOverridesDefaultsTheEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth() throws Exception {
        ConfigLoader loader = loader(
                file("listenPort=1001\nbrokerName=from-file\nbrokerClusterName=file-cluster\n"),
                ConfigSource.environment(Map.of("OSPREY_LISTEN_PORT", "1002", "OSPREY_BROKER_NAME", "from-env")),
                cli("listenPort=1003"));

        BrokerConfig config = loader.load(BrokerConfig.defaults());

        assertThat(config.listenPort()).isEqualTo(1003);
        assertThat(config.brokerName()).isEqualTo("from-env");
        assertThat(config.brokerClusterName()).isEqualTo("file-cluster");
        assertThat(config.brokerId()).isEqualTo(BrokerConfig.defaults().brokerId());
    }

    @Test
    void readsPrefixedKeysFromEveryKindOfSource() throws Exception {
        ConfigLoader loader = loader(file("namesrv.listenPort=7000\nnamesrv.channelIdleSeconds=30\n"),
                ConfigSource.environment(Map.of("OSPREY_NAMESRV_BROKER_EXPIRY_MILLIS", "60000")),
                cli("namesrv.maxFrameBytes=4096"));

        NameServerConfig config = loader.load("namesrv.", NameServerConfig.defaults());

        assertThat(config).isEqualTo(new NameServerConfig("0.0.0.0", 7000, 60_000, 5_000, 4096, 30));
    }

    @Test
    void namesEnvironmentVariablesInUpperSnakeCase() {
        assertThat(ConfigSource.environmentName("listenPort")).isEqualTo("OSPREY_LISTEN_PORT");
        assertThat(ConfigSource.environmentName("storePathRootDir")).isEqualTo("OSPREY_STORE_PATH_ROOT_DIR");
        assertThat(ConfigSource.environmentName("brokerIP1")).isEqualTo("OSPREY_BROKER_IP1");
        assertThat(ConfigSource.environmentName("namesrv.listenPort")).isEqualTo("OSPREY_NAMESRV_LISTEN_PORT");
    }

    @Test
    void aValueBreakingAConstraintNamesTheKeyTheValueAndItsSource() {
        assertThatThrownBy(() -> loader(cli("listenPort=99999")).load(BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listenPort: '99999' must be less than or equal to 65535 (from command line -D)")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("listenPort");
    }

    @Test
    void theInFlightBudgetIsAQuarterOfTheHeapUnlessSetAndNeverNegative() {
        assertThat(BrokerConfig.defaults().inFlightLimitBytes(1L << 30)).isEqualTo(256L << 20);
        assertThat(loader(cli("maxInFlightBytes=100000000")).load(BrokerConfig.defaults()).inFlightLimitBytes(1L << 30))
                .isEqualTo(100_000_000L);
        assertThatThrownBy(() -> loader(cli("maxInFlightBytes=-1")).load(BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("maxInFlightBytes");
    }

    @Test
    void jmsDeadLettersDefaultToTenDeliveriesAndQueueDlqAndRefuseBadValues() {
        assertThat(BrokerConfig.defaults().jmsMaxDeliveries()).isEqualTo(10);
        assertThat(BrokerConfig.defaults().jmsDeadLetterQueue()).isEqualTo("DLQ");
        assertThat(loader(cli("jmsMaxDeliveries=0")).load(BrokerConfig.defaults()).jmsMaxDeliveries()).isZero();
        assertThatThrownBy(() -> loader(cli("jmsMaxDeliveries=-1")).load(BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("jmsMaxDeliveries");
        assertThatThrownBy(() -> loader(cli("jmsDeadLetterQueue=%DLQ%orders")).load(BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("jmsDeadLetterQueue");
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        assertThatThrownBy(() -> loader(cli("flushDiskType=SOMETIMES")).load(StoreConfig.defaults(Path.of("d"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flushDiskType: 'SOMETIMES' is not one of ASYNC_FLUSH, SYNC_FLUSH");
    }

    @Test
    void anUnparsableNumberNamesTheKeyAndTheEnvironmentVariable() {
        ConfigLoader loader = loader(ConfigSource.environment(Map.of("OSPREY_LISTEN_PORT", "10k")));

        assertThatThrownBy(() -> loader.load(BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listenPort: '10k' is not an integer")
                .hasMessageContaining("environment variable OSPREY_LISTEN_PORT");
    }

    @Test
    void aBooleanIsOnlyTrueOrFalse() {
        assertThatThrownBy(() -> loader(cli("autoCreateTopicEnable=yes")).load(BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("autoCreateTopicEnable: 'yes' is not true or false");
    }

    @Test
    void reportsTheFirstBadComponentInDeclarationOrder() {
        assertThatThrownBy(() -> loader(cli("listenPort=-1", "defaultTopicQueueNums=0")).load(BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listenPort:");
    }

    @Test
    void anUnknownKeyIsRejectedWithTheNearestKnownKey() throws Exception {
        ConfigLoader loader = loader(file("lisenPort=10911\n"));
        loader.load(BrokerConfig.defaults());

        assertThatThrownBy(loader::rejectUnknownKeys)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("lisenPort: unknown key (value '10911', from file ")
                .hasMessageEndingWith("did you mean listenPort?");
    }

    @Test
    void anUnknownOspreyEnvironmentVariableIsRejectedButOtherVariablesAreNot() {
        ConfigLoader accepted = loader(ConfigSource.environment(
                Map.of("OSPREY_HOME", "/opt/osprey", "PATH", "/bin", "OSPREY_LISTEN_PORT", "1")));
        accepted.load(BrokerConfig.defaults());
        accepted.rejectUnknownKeys();

        ConfigLoader rejected = loader(ConfigSource.environment(Map.of("OSPREY_LISEN_PORT", "1")));
        rejected.load(BrokerConfig.defaults());
        assertThatThrownBy(rejected::rejectUnknownKeys)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("OSPREY_LISEN_PORT: unknown key")
                .hasMessageEndingWith("did you mean OSPREY_LISTEN_PORT?");
    }

    @Test
    void standaloneRecordsShareOneFileWithoutAClash() throws Exception {
        ConfigLoader loader = loader(file("namesrv.listenPort=9000\nlistenPort=10000\nflushDiskType=SYNC_FLUSH\n"));

        NameServerConfig namesrv = loader.load("namesrv.", NameServerConfig.defaults());
        BrokerConfig broker = loader.load(BrokerConfig.defaults());
        StoreConfig store = loader.load(StoreConfig.defaults(Path.of("data")));
        loader.rejectUnknownKeys();

        assertThat(namesrv.listenPort()).isEqualTo(9000);
        assertThat(broker.listenPort()).isEqualTo(10000);
        assertThat(store.flushDiskType()).isEqualTo(FlushDiskType.SYNC_FLUSH);
        assertThat(loader.knownKeys()).doesNotHaveDuplicates().contains("namesrv.listenPort", "storePathRootDir");
    }

    @Test
    void twoRecordsClaimingOneKeyIsAProgrammingError() {
        ConfigLoader loader = loader();
        loader.load(BrokerConfig.defaults());

        assertThatThrownBy(() -> loader.load(NameServerConfig.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("listenAddress");
    }

    @Test
    void aCommandLineOverrideNeedsAnEqualsSignAndSplitsAtTheFirstOne() {
        assertThatThrownBy(() -> cli("listenPort")).isInstanceOf(ConfigException.class)
                .hasMessage("listenPort: expected -D key=value");

        assertThat(loader(cli("messageDelayLevel=1s=2s")).load(BrokerConfig.defaults()).messageDelayLevel())
                .isEqualTo("1s=2s");
    }

    @Test
    void aMissingConfigFileIsAConfigurationError() {
        assertThatThrownBy(() -> ConfigSource.propertiesFile(dir.resolve("absent.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: cannot read")
                .hasMessageContaining("absent.properties");
    }

    @Test
    void trimsWhitespaceAroundFileValues() throws Exception {
        assertThat(loader(file("listenPort = 10920   \n")).load(BrokerConfig.defaults()).listenPort()).isEqualTo(10920);
    }
}
