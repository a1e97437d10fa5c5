package io.osprey.mq.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import javax.naming.Reference;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Messaging 3.1 section 5.2 "JMS administered objects": a connection factory is built from its URL, is
 * serializable and referenceable (so any JNDI tree can hold it), and comes back equal; its string form hides the
 * password.
 */
class ConnectionFactoryTest {
    private static final String URL = "osprey://127.0.0.1:9876,10.0.0.2:9876?clientId=app&user=u&password=secret";

    @Test
    void aFactorySurvivesSerializationAndReference() throws Exception {
        OspreyConnectionFactory factory = new OspreyConnectionFactory(URL);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(factory);
        }
        Reference reference = factory.getReference();
        assertThat(reference.getFactoryClassName()).isEqualTo(ConnectionFactoryObjectFactory.class.getName());
        Object rebuilt = new ConnectionFactoryObjectFactory().getObjectInstance(reference, null, null, null);
        assertThat(rebuilt).isEqualTo(factory);
        assertThat(new ConnectionFactoryObjectFactory().getObjectInstance("not ours", null, null, null)).isNull();
    }

    @Test
    void aBadUrlIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new OspreyConnectionFactory("tcp://host:61616"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("osprey://");
        assertThatThrownBy(() -> new OspreyConnectionFactory("osprey://host:9876?clinetId=x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clinetId");
    }

    @Test
    void aRouteRefreshPeriodThatIsNoPositiveNumberIsRefused() {
        assertThat(new OspreyConnectionFactory("osprey://host:9876?routeRefreshMillis=500").getUrl())
                .contains("routeRefreshMillis=500");
        assertThatThrownBy(() -> new OspreyConnectionFactory("osprey://host:9876?routeRefreshMillis=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routeRefreshMillis must be positive");
        assertThatThrownBy(() -> new OspreyConnectionFactory("osprey://host:9876?routeRefreshMillis=soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routeRefreshMillis is not a number");
    }

    @Test
    void theStringFormLeavesThePasswordOut() {
        assertThat(new OspreyConnectionFactory(URL).toString()).doesNotContain("secret").contains("clientId=app");
    }
}
