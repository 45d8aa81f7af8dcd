package dev.incidenttimeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.domain.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void postgresUrl_withUserPasswordAndPort() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@h:5432/db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.password()).isEqualTo("p");
    }

    @Test
    void postgresqlScheme_withUserOnly_keepsTheQuery() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u@h/db?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?sslmode=require");
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.password()).isNull();
    }

    @Test
    void withoutCredentials_leavesUserAndPasswordToTheDriver() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://db.internal/incidents");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/incidents");
        assertThat(url.user()).isNull();
        assertThat(url.password()).isNull();
    }

    @Test
    void percentEncodedPassword_isDecoded_evenWithAtSignAndColon() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app%2Buser:p%40ss%3Aw0rd%2F%25@h:5432/db");

        assertThat(url.user()).isEqualTo("app+user");
        assertThat(url.password()).isEqualTo("p@ss:w0rd/%");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void aLiteralPlusInThePassword_staysAPlus() {
        assertThat(DatabaseUrl.parse("postgres://u:a+b@h/db").password()).isEqualTo("a+b");
    }

    @Test
    void ipv6Host_keepsItsBrackets() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@[::1]:5433/db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
        assertThat(url.user()).isEqualTo("u");
    }

    @Test
    void hostWithAnUnderscore_likeADockerServiceName_isAccepted() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:s%40cret@incident_db:5432/incidents?sslmode=disable");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://incident_db:5432/incidents?sslmode=disable");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(DatabaseUrl.parse("postgres://incident_db/incidents").jdbcUrl())
                .isEqualTo("jdbc:postgresql://incident_db/incidents");
    }

    @Test
    void jdbcUrl_isUsedAsItIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h/db?user=x");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?user=x");
        assertThat(url.user()).isNull();
        assertThat(url.password()).isNull();
    }

    @Test
    void surroundingWhitespace_isIgnored() {
        assertThat(DatabaseUrl.parse("  postgres://u:p@h/db \n").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void empty_isRefused_withTheRightForm(String raw) {
        assertRefused(raw, "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:p@h/db", "garbage", "localhost:5432/db", "http://h/db", "jdbc:mysql://h/db"})
    void otherSchemes_andGarbage_areRefused_withTheRightForm(String raw) {
        assertRefused(raw, "must start with");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres:///db", "postgres://u:p@/db", "postgres://:5432/db"})
    void noHost_isRefused(String raw) {
        assertRefused(raw, "host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://u:p@h:5432", "postgres://u:p@h:5432/", "postgres://h", "jdbc:postgresql:"})
    void noDatabase_isRefused(String raw) {
        assertRefused(raw, "database");
    }

    @Test
    void moreThanOnePathSegment_isRefused() {
        assertRefused("postgres://h/db/extra", "path segment");
    }

    @Test
    void malformedUrl_isRefused() {
        assertRefused("postgres://u:p@h h/db", "valid URL");
    }

    @Test
    void aRefusal_neverShowsThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:Sup3rS3cret@h h/db"))
                .isInstanceOf(SettingsException.class)
                .message().doesNotContain("Sup3rS3cret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:Sup3rS3cret@h:5432"))
                .message().doesNotContain("Sup3rS3cret");
    }

    @Test
    void toString_neverContainsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:Sup3r%40S3cret@db.internal:5432/incidents");

        assertThat(url.toString())
                .doesNotContain("Sup3r")
                .doesNotContain("S3cret")
                .contains("db.internal")
                .contains("app");
    }

    @Test
    void toString_masksAPasswordGivenInTheQuery() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?user=x&password=Sup3rS3cret&ssl=true").toString())
                .doesNotContain("Sup3rS3cret")
                .contains("ssl=true");
        assertThat(DatabaseUrl.parse("postgres://h/db?PASSWORD=Sup3rS3cret").toString()).doesNotContain("Sup3rS3cret");
    }

    private static void assertRefused(String raw, String why) {
        assertThatThrownBy(() -> DatabaseUrl.parse(raw))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("DATABASE_URL")
                .hasMessageContaining(why)
                .hasMessageContaining("postgres://user:password@host:5432/database");
    }
}
