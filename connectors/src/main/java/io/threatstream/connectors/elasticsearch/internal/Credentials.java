package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.Secret;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * How the sink authenticates: an API key ({@code Authorization: ApiKey <key>}, the key being the
 * base64 "encoded" value Elasticsearch returns when it creates one) or a username and password
 * (HTTP basic, sent with every request rather than after a challenge). Holds where the secret is,
 * not its value (see {@link Secret}): the header is built where the client is created.
 */
public final class Credentials implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String username; // null for an API key
    private final Secret secret;

    private Credentials(String username, Secret secret) {
        this.username = username;
        this.secret = secret;
    }

    public static Credentials apiKey(Secret key) {
        return new Credentials(null, key);
    }

    public static Credentials basic(String username, Secret password) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("The username for basic authentication is empty.");
        }
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("The username must not contain ':' (HTTP basic authentication).");
        }
        return new Credentials(username, password);
    }

    /**
     * The value of the {@code Authorization} header, with the secret read now.
     *
     * @throws IllegalArgumentException naming the variable or file if the secret cannot be read
     */
    public String authorizationHeader() {
        return authorizationHeader(System::getenv);
    }

    /** Like {@link #authorizationHeader()}, with environment variables looked up in {@code environment}. */
    public String authorizationHeader(Function<String, String> environment) {
        String value = secret.resolve(environment);
        if (username == null) {
            return "ApiKey " + value;
        }
        String pair = username + ":" + value;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return username == null ? "API key from " + secret.origin() : "user '" + username + "', password from " + secret.origin();
    }
}
