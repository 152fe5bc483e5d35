package com.github.aerongo.interop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of the golden wire vectors, each within the range the SBE specification gives its
 * type (for a required unsigned integer the largest value is the null value minus one), per schema (the file name of its XML without ".xml") and
 * case. Constants are left out: the decoded JSON written next to each frame prints them.
 */
final class Cases
{
    private Cases()
    {
    }

    static final String CAR_FULL = """
        {"$message": "Car", "serialNumber": 18446744073709551614, "modelYear": 2026, "available": "T", "code": "B",
         "someNumbers": [0, 1, 4294967294, 2147483648], "vehicleCode": "ab", "extras": ["sunRoof", "cruiseControl"],
         "engine": {"capacity": 65534, "numCylinders": 12, "manufacturerCode": "12", "efficiency": 100,
                    "boosterEnabled": "T", "booster": {"BoostType": "KERS", "horsePower": 254}},
         "fuelFigures": [
           {"speed": 30, "mpg": 35.9, "usageDescription": "Urban Cycle"},
           {"speed": 0, "mpg": -0, "usageDescription": ""},
           {"speed": 65534, "mpg": "Infinity", "usageDescription": "Highway \\"quoted\\"\\n\\ttabs"}],
         "performanceFigures": [
           {"octaneRating": 95, "acceleration": [{"mph": 30, "seconds": 3.8}, {"mph": 60, "seconds": 7.1},
                                                 {"mph": 100, "seconds": 11.8}]},
           {"octaneRating": 110, "acceleration": []},
           {"octaneRating": 90, "acceleration": [{"mph": 65534, "seconds": "NaN"}, {"mph": 1, "seconds": 1.0E-45}]}],
         "manufacturer": "Señor Ünïcödé ✓ 日本 🚀", "model": "Civic VTi", "activationCode": "abcdef"}
        """;

    static final String CAR_EMPTY = """
        {"$message": "Car", "serialNumber": 0, "modelYear": 0, "available": "F", "code": "A",
         "someNumbers": [0, 0, 0, 0], "vehicleCode": "", "extras": [],
         "engine": {"capacity": 0, "numCylinders": 0, "manufacturerCode": "", "efficiency": 0,
                    "boosterEnabled": "F", "booster": {"BoostType": "NITROUS", "horsePower": 0}},
         "fuelFigures": [], "performanceFigures": [], "manufacturer": "", "model": "", "activationCode": ""}
        """;

    static final String CAR_FULL_LENGTH = """
        {"$message": "Car", "serialNumber": 9223372036854775807, "modelYear": 65534, "available": "F", "code": "C",
         "someNumbers": [4294967294, 3, 2, 1], "vehicleCode": "ABCDEF", "extras": ["sunRoof", "sportsPack", "cruiseControl"],
         "engine": {"capacity": 1, "numCylinders": 254, "manufacturerCode": "XYZ", "efficiency": 0,
                    "boosterEnabled": "F", "booster": {"BoostType": "TURBO", "horsePower": 1}},
         "fuelFigures": [{"speed": 1, "mpg": 3.4028235E38, "usageDescription": "%s"}],
         "performanceFigures": [{"octaneRating": 100, "acceleration": [{"mph": 7, "seconds": -1.5}]}],
         "manufacturer": "%s", "model": "\\u0000\\u0001 control \\u001f", "activationCode": "~!@#$%%^&*()"}
        """.formatted("x".repeat(300), "Ü".repeat(200));

    static final String EXT_SET = CAR_FULL.replace("\"extras\": [\"sunRoof\", \"cruiseControl\"],",
        "\"extras\": [\"sunRoof\", \"cruiseControl\"], \"uuid\": [9223372036854775807, -9223372036854775807], \"cupHolderCount\": 3,");

    static final String EXT_NULL = CAR_EMPTY.replace("\"extras\": [],",
        "\"extras\": [], \"uuid\": null, \"cupHolderCount\": null,");

    static final String EXT_PARTIAL = CAR_EMPTY.replace("\"extras\": [],",
        "\"extras\": [\"sportsPack\"], \"uuid\": [42, null], \"cupHolderCount\": 254,");

    static final String QUOTE = """
        {"$message": "Quote", "symbol": "ESZ6", "venue": "XCME", "sequence": 18446744073709551614,
         "timestamp": 1764067200123456789, "bid": -5, "bidSize": 9223372036854775807, "ask": 512250,
         "askSize": -9223372036854775807}
        """;

    static final String TRADE = """
        {"$message": "Trade", "symbol": "ABCDEFGH", "venue": "XLON", "tradeId": 42, "timestamp": 1,
         "price": 1000000, "quantity": 25, "aggressor": "Sell", "conditions": ["Opening", "Auction", "OffBook"]}
        """;

    static final String TRADE_PLAIN = """
        {"$message": "Trade", "symbol": "X", "venue": "XEUR", "tradeId": 0, "timestamp": 0,
         "price": 0, "quantity": 0, "aggressor": "Buy", "conditions": []}
        """;

    static final String BOOK = """
        {"$message": "BookSnapshot", "symbol": "GBPUSD", "venue": "XLON", "sequence": 7, "timestamp": 1764067200000000000,
         "bids": [
           {"price": 12650, "quantity": 300, "orders": [{"orderId": 1, "quantity": 100}, {"orderId": 2, "quantity": null},
                                                        {"orderId": 18446744073709551614, "quantity": -9223372036854775807}]},
           {"price": 12649, "quantity": 0, "orders": []}],
         "asks": [{"price": 12651, "quantity": 5, "orders": [{"orderId": 3, "quantity": 5}]}],
         "source": "feed-α ✓"}
        """;

    static final String BOOK_EMPTY = """
        {"$message": "BookSnapshot", "symbol": "", "venue": "XCME", "sequence": 0, "timestamp": 0,
         "bids": [], "asks": [], "source": ""}
        """;

    static final String WAVEFRONT = """
        {"$message": "WavefrontFrame", "frameId": 18446744073709551614, "timestamp": 1764067200000000001,
         "sensorId": 4294967294, "kind": "Pyramid", "flags": ["Saturated", "LoopClosed"],
         "shape": {"subapertures": 40, "pixelsPerSubaperture": 8, "pixelScale": 0.25}, "exposure": 0.001,
         "slopes": [{"x": 0.1, "y": -0.1}, {"x": "NaN", "y": "Infinity"}, {"x": "-Infinity", "y": -0},
                    {"x": 1.4E-45, "y": 3.4028235E38}, {"x": -1.17549435E-38, "y": 16777217}],
         "pixels": "%s"}
        """.formatted(allBytesBase64());

    static final String WAVEFRONT_EMPTY = """
        {"$message": "WavefrontFrame", "frameId": 0, "timestamp": 0, "sensorId": 0, "kind": "ShackHartmann",
         "flags": [], "shape": {"subapertures": 0, "pixelsPerSubaperture": 0, "pixelScale": 0}, "exposure": 0,
         "slopes": [], "pixels": ""}
        """;

    static final String MIRROR = """
        {"$message": "MirrorCommand", "frameId": 3, "mirrorId": 65534, "gain": 0.1,
         "actuators": [{"index": 0, "stroke": 1.5}, {"index": 1, "stroke": -2.25}, {"index": 65534, "stroke": 1.0E-7}]}
        """;

    static final String MIRROR_EXTREMES = """
        {"$message": "MirrorCommand", "frameId": 0, "mirrorId": 0, "gain": 4.9E-324,
         "actuators": [{"index": 7, "stroke": 0}]}
        """;

    static final String ORDER_V0 = """
        {"$message": "Order", "orderId": 1001, "price": -250, "quantity": 4294967294, "status": "Halted",
         "fills": [{"price": -250, "quantity": 1}, {"price": 9223372036854775807, "quantity": 0}],
         "account": "ACC-1 ünïcode"}
        """;

    static final String ORDER_V0_EMPTY = """
        {"$message": "Order", "orderId": 0, "price": 0, "quantity": 0, "status": "Active", "fills": [], "account": ""}
        """;

    static final String ORDER_V1 = """
        {"$message": "Order", "orderId": 1001, "price": -250, "quantity": 4294967294, "status": "Halted",
         "stopPrice": -240, "clientTag": 7,
         "fills": [{"price": -250, "quantity": 1, "venueFee": -3}, {"price": 9223372036854775807, "quantity": 0, "venueFee": null}],
         "account": "ACC-1 ünïcode", "memo": "memo ✓"}
        """;

    static final String ORDER_V1_NULLS = """
        {"$message": "Order", "orderId": 2, "price": 0, "quantity": 1, "status": "Suspended",
         "stopPrice": null, "clientTag": null, "fills": [{"price": 1, "quantity": 2, "venueFee": null}],
         "account": "", "memo": ""}
        """;

    static final String AMEND_V0 = """
        {"$message": "Amend", "orderId": 1001, "newPrice": -9223372036854775807, "newQuantity": 0,
         "legs": [{"legId": 1, "ratio": 4294967294}, {"legId": 65534, "ratio": 0}], "reason": "price ✓"}
        """;

    static final String AMEND_V1 = """
        {"$message": "Amend", "orderId": 1001, "newPrice": 42, "newQuantity": 7, "validUntil": 18446744073709551614,
         "legs": [{"legId": 1, "ratio": 2, "venueFee": -2147483647}, {"legId": 3, "ratio": 4, "venueFee": null}],
         "reason": "", "trader": "Zoë"}
        """;

    static final String AMEND_V1_NULLS = """
        {"$message": "Amend", "orderId": 1, "newPrice": 0, "newQuantity": 0, "validUntil": null,
         "legs": [], "reason": "r", "trader": ""}
        """;

    /** Schema, then case name to values. */
    static Map<String, Map<String, String>> all()
    {
        final Map<String, Map<String, String>> all = new LinkedHashMap<>();
        put(all, "example-schema", "car-full", CAR_FULL);
        put(all, "example-schema", "car-empty", CAR_EMPTY);
        put(all, "example-schema", "car-full-length", CAR_FULL_LENGTH);
        put(all, "example-extension-schema", "car-v1-set", EXT_SET);
        put(all, "example-extension-schema", "car-v1-null", EXT_NULL);
        put(all, "example-extension-schema", "car-v1-partial", EXT_PARTIAL);
        put(all, "market", "quote", QUOTE);
        put(all, "market", "trade", TRADE);
        put(all, "market", "trade-plain", TRADE_PLAIN);
        put(all, "market", "book", BOOK);
        put(all, "market", "book-empty", BOOK_EMPTY);
        put(all, "aotelemetry", "wavefront", WAVEFRONT);
        put(all, "aotelemetry", "wavefront-empty", WAVEFRONT_EMPTY);
        put(all, "aotelemetry", "mirror", MIRROR);
        put(all, "aotelemetry", "mirror-extremes", MIRROR_EXTREMES);
        put(all, "evolution-v0", "order", ORDER_V0);
        put(all, "evolution-v0", "order-empty", ORDER_V0_EMPTY);
        put(all, "evolution-v0", "amend", AMEND_V0);
        put(all, "evolution-v1", "order", ORDER_V1);
        put(all, "evolution-v1", "order-nulls", ORDER_V1_NULLS);
        put(all, "evolution-v1", "amend", AMEND_V1);
        put(all, "evolution-v1", "amend-nulls", AMEND_V1_NULLS);
        return all;
    }

    private static void put(final Map<String, Map<String, String>> all, final String schema, final String name, final String json)
    {
        all.computeIfAbsent(schema, (k) -> new LinkedHashMap<>()).put(name, json);
    }

    private static String allBytesBase64()
    {
        final byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)(255 - i);
        }
        return java.util.Base64.getEncoder().encodeToString(b);
    }
}
