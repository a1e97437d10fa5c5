package io.osprey.mq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticationConfigTest {
    private static ValidatorFactory validation;

    @BeforeAll
    static void startValidation() {
        validation = ConfigLoader.validatorFactory();
    }

    @AfterAll
    static void stopValidation() {
        validation.close();
    }

    private static AuthenticationConfig load(ConfigSource source) {
        return new ConfigLoader(List.of(source), validation.getValidator()).load(AuthenticationConfig.defaults());
    }

    @Test
    void offByDefaultWithTheUsersFileBesideTheOtherConfigurationAndNoDefaultUser() {
        assertThat(AuthenticationConfig.defaults())
                .isEqualTo(new AuthenticationConfig(false, Path.of("conf/users.properties"), ""));
    }

    @Test
    void oneKeyTurnsItOnFromTheFileTheEnvironmentOrTheCommandLine() {
        assertThat(load(ConfigSource.commandLine(List.of("authenticationEnabled=true"))).authenticationEnabled())
                .isTrue();
        assertThat(load(ConfigSource.environment(Map.of("OSPREY_AUTHENTICATION_ENABLED", "true",
                "OSPREY_USERS_FILE", "/etc/osprey/users.properties", "OSPREY_DEFAULT_USER", "guest"))))
                .isEqualTo(new AuthenticationConfig(true, Path.of("/etc/osprey/users.properties"), "guest"));
    }

    @Test
    void aDefaultUserThatCannotBeAUserNameIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> load(ConfigSource.commandLine(List.of("defaultUser=guest user"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("defaultUser"))
                .hasMessage("defaultUser: 'guest user' must be empty or 1 to 64 characters of A-Z a-z 0-9 . _ @ -"
                        + " (from command line -D)");
    }

    @Test
    void anAuthenticationEnabledValueThatIsNotABooleanIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> load(ConfigSource.commandLine(List.of("authenticationEnabled=yes"))))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("authenticationEnabled"));
    }
}
