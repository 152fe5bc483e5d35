package com.github.aerongo.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

import baseline.BooleanType;
import baseline.BoostType;
import baseline.CarEncoder;
import baseline.MessageHeaderEncoder;
import baseline.Model;

/**
 * The car-full values of {@link Cases} written through the generated Car encoder's typed API, as
 * SBE's own examples do. Its bytes must equal the vector that {@link Codec} wrote from the JSON,
 * which checks the JSON-driven path against the plain use of the generated code.
 */
final class CarDirect
{
    private CarDirect()
    {
    }

    static byte[] encode()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final CarEncoder car = new CarEncoder().wrapAndApplyHeader(buffer, 0, header);
        car.serialNumber(-2L).modelYear(2026).available(BooleanType.T).code(Model.B)
            .putSomeNumbers(0, 1, 4294967294L, 2147483648L).vehicleCode("ab");
        car.extras().clear().sunRoof(true).cruiseControl(true);
        car.engine().capacity(65534).numCylinders((short)12).manufacturerCode("12").efficiency((byte)100)
            .boosterEnabled(BooleanType.T).booster().boostType(BoostType.KERS).horsePower((short)254);

        final CarEncoder.FuelFiguresEncoder fuel = car.fuelFiguresCount(3);
        fuel.next().speed(30).mpg(35.9f).usageDescription("Urban Cycle");
        fuel.next().speed(0).mpg(-0.0f).usageDescription("");
        fuel.next().speed(65534).mpg(Float.POSITIVE_INFINITY).usageDescription("Highway \"quoted\"\n\ttabs");

        final CarEncoder.PerformanceFiguresEncoder perf = car.performanceFiguresCount(3);
        perf.next().octaneRating((short)95).accelerationCount(3)
            .next().mph(30).seconds(3.8f)
            .next().mph(60).seconds(7.1f)
            .next().mph(100).seconds(11.8f);
        perf.next().octaneRating((short)110).accelerationCount(0);
        perf.next().octaneRating((short)90).accelerationCount(2)
            .next().mph(65534).seconds(Float.NaN)
            .next().mph(1).seconds(1.0e-45f);

        car.manufacturer("Señor Ünïcödé ✓ 日本 🚀").model("Civic VTi").activationCode("abcdef");
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + car.encodedLength());
    }

    /** Returns null when the vector at path holds the bytes of {@link #encode}, else the difference. */
    static String check(final Path path) throws IOException
    {
        final byte[] want = encode();
        final byte[] got = Files.readAllBytes(path);
        return Arrays.equals(want, got) ? null :
            path + ": differs from the typed encoding " + Main.firstDifference(got, want);
    }
}
