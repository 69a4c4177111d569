package dev.cliauth.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prices the cost figures assume: AWS us-east-1 on-demand list prices as published since the
 * November 2024 DynamoDB price cut, not read from AWS at run time. Change them here if they change.
 */
final class Prices {

    static final String REGION = "us-east-1";
    static final String AS_OF = "2024-11-01 (DynamoDB on-demand price reduction); assumed unchanged on the run date";
    static final double DYNAMODB_USD_PER_MILLION_WRU = 0.625;
    static final double DYNAMODB_USD_PER_MILLION_RRU = 0.125;
    static final double LAMBDA_USD_PER_MILLION_REQUESTS = 0.20;
    static final double HTTP_API_USD_PER_MILLION_REQUESTS = 1.00;

    private Prices() {
    }

    /** Cost figures for one login of {@code wru} write and {@code rru} read request units and {@code invocations} requests. */
    static Map<String, Object> cost(double wru, double rru, int invocations) {
        double dynamo = wru * DYNAMODB_USD_PER_MILLION_WRU + rru * DYNAMODB_USD_PER_MILLION_RRU;
        double lambda = invocations * LAMBDA_USD_PER_MILLION_REQUESTS;
        double api = invocations * HTTP_API_USD_PER_MILLION_REQUESTS;
        Map<String, Object> prices = new LinkedHashMap<>();
        prices.put("region", REGION);
        prices.put("as_of", AS_OF);
        prices.put("dynamodb_on_demand_usd_per_million_write_request_units", DYNAMODB_USD_PER_MILLION_WRU);
        prices.put("dynamodb_on_demand_usd_per_million_read_request_units", DYNAMODB_USD_PER_MILLION_RRU);
        prices.put("lambda_usd_per_million_requests", LAMBDA_USD_PER_MILLION_REQUESTS);
        prices.put("http_api_usd_per_million_requests", HTTP_API_USD_PER_MILLION_REQUESTS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("per_million_logins_usd", round(dynamo));
        m.put("dynamodb_write_per_million_logins_usd", round(wru * DYNAMODB_USD_PER_MILLION_WRU));
        m.put("dynamodb_read_per_million_logins_usd", round(rru * DYNAMODB_USD_PER_MILLION_RRU));
        m.put("requests_per_login", invocations);
        m.put("lambda_requests_per_million_logins_usd", round(lambda));
        m.put("http_api_requests_per_million_logins_usd", round(api));
        m.put("dynamodb_lambda_requests_http_api_per_million_logins_usd", round(dynamo + lambda + api));
        m.put("not_included", "Lambda duration (GB-s), which depends on DynamoDB's latency in the region; storage;"
                + " data transfer; free tiers");
        m.put("prices", prices);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
