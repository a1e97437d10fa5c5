package io.osprey.mq.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.config.AuthenticationConfig;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.ConfigLoader;
import io.osprey.mq.server.config.ConfigSource;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped conf files are the configuration reference: each lists every key, commented out, with its
 * default. Uncommenting every line must give exactly the built-in defaults, and no key may be missing or unknown.
 */
class DistributionConfigFilesTest {
    private static final Path CONF = Path.of("src/dist/conf");
    private static final Pattern DOCUMENTED_KEY = Pattern.compile("^#([A-Za-z][A-Za-z0-9.]*)=(.*)$");
    private static ValidatorFactory validation;

    @BeforeAll
    static void startValidation() {
        validation = ConfigLoader.validatorFactory();
    }

    @AfterAll
    static void stopValidation() {
        validation.close();
    }

    private static ConfigLoader uncommented(String fileName) throws Exception {
        List<String> keyValues = new ArrayList<>();
        for (String line : Files.readAllLines(CONF.resolve(fileName))) {
            Matcher documented = DOCUMENTED_KEY.matcher(line);
            if (documented.matches()) {
                keyValues.add(documented.group(1) + "=" + documented.group(2));
            }
        }
        return new ConfigLoader(List.of(ConfigSource.commandLine(keyValues)), validation.getValidator());
    }

    @Test
    void namesrvPropertiesDocumentsEveryKeyWithItsDefault() throws Exception {
        ConfigLoader loader = uncommented("namesrv.properties");

        assertThat(loader.load(NameServerConfig.defaults())).isEqualTo(NameServerConfig.defaults());
        loader.rejectUnknownKeys();
        loader.knownKeys().forEach(key -> assertThat(loader.isSet(key)).as(key).isTrue());
    }

    @Test
    void brokerPropertiesDocumentsEveryBrokerStoreAndAuthenticationKeyWithItsDefault() throws Exception {
        ConfigLoader loader = uncommented("broker.properties");

        assertThat(loader.load(BrokerConfig.defaults())).isEqualTo(BrokerConfig.defaults());
        assertThat(loader.load(StoreConfig.defaults(Roles.DEFAULT_DATA_DIR)))
                .isEqualTo(StoreConfig.defaults(Roles.DEFAULT_DATA_DIR));
        assertThat(loader.load(AuthenticationConfig.defaults())).isEqualTo(AuthenticationConfig.defaults());
        loader.rejectUnknownKeys();
        loader.knownKeys().forEach(key -> assertThat(loader.isSet(key)).as(key).isTrue());
    }

    @Test
    void standalonePropertiesDocumentsEveryKeyButTheNameServerAddressItSetsItself() throws Exception {
        ConfigLoader loader = uncommented("standalone.properties");

        assertThat(loader.load(StandaloneCommand.NAMESRV_PREFIX, NameServerConfig.defaults()))
                .isEqualTo(NameServerConfig.defaults());
        assertThat(loader.load(BrokerConfig.defaults())).isEqualTo(BrokerConfig.defaults());
        assertThat(loader.load(StoreConfig.defaults(Roles.DEFAULT_DATA_DIR)))
                .isEqualTo(StoreConfig.defaults(Roles.DEFAULT_DATA_DIR));
        assertThat(loader.load(AuthenticationConfig.defaults())).isEqualTo(AuthenticationConfig.defaults());
        loader.rejectUnknownKeys();
        loader.knownKeys().stream().filter(key -> !key.equals("namesrvAddr"))
                .forEach(key -> assertThat(loader.isSet(key)).as(key).isTrue());
        assertThat(loader.isSet("namesrvAddr")).isFalse();
    }
}
