package org.vigie.observatory.it;

import static io.restassured.RestAssured.given;

/** Reads a sample from the running service's /q/metrics. */
public final class Metrics {

    private Metrics() {
    }

    /** Sum of the samples of {@code name} whose labels contain {@code labelFragment}. */
    public static double value(String name, String labelFragment) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labelFragment)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
