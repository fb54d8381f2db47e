package dev.hearth.backend.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Request builders for the API as a demo user (Keycloak JWT), with an API token, or anonymously. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType(ContentType.JSON);
    }

    public static RequestSpecification withToken(String secret) {
        return given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON);
    }

    public static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON).redirects().follow(false);
    }
}
