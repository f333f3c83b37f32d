package dev.flaregate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The emulator's JSON mode answers what the schema asks for, as a model in JSON mode does, so that clients that
 * validate the answer (zod in the OpenAI, AI SDK and LangChain clients) accept it: enums, nested objects, arrays,
 * bounds, formats, unions and references, the way zod-to-json-schema writes them.
 */
class EmulatedJsonModeTest {

    private static JsonObject answer(String schema) {
        JsonObject body = new JsonObject().put("response_format", new JsonObject().put("type", "json_schema")
                .put("json_schema", new JsonObject(schema)));
        return EmulatedJsonMode.answer(body, "You said: hi");
    }

    @Test
    void nestedObjectsArraysAndEnumsAreFilledAsTheSchemaSays() {
        JsonObject answer = answer("""
                {"type":"object","required":["city","forecast","unit"],"additionalProperties":false,
                 "properties":{
                   "city":{"type":"object","properties":{"name":{"type":"string"},"zip":{"type":["string","null"]},
                     "location":{"type":"object","properties":{"lat":{"type":"number","minimum":-90,"maximum":90},
                       "lon":{"type":"number"}}}}},
                   "forecast":{"type":"array","minItems":2,"items":{"type":"object",
                     "properties":{"day":{"type":"string","format":"date"},"high":{"type":"integer","maximum":40},
                       "sky":{"type":"string","enum":["sunny","cloudy"]}}}},
                   "unit":{"enum":["celsius","fahrenheit"]},
                   "tags":{"type":"array","items":{"type":"string","maxLength":3}},
                   "kind":{"const":"weather"},
                   "ok":{"type":"boolean"}}}""");
        assertEquals("You said: hi", answer.getJsonObject("city").getString("name"));
        assertEquals("You said: hi", answer.getJsonObject("city").getString("zip"));
        assertEquals(42.5, answer.getJsonObject("city").getJsonObject("location").getDouble("lat"));
        JsonArray forecast = answer.getJsonArray("forecast");
        assertEquals(2, forecast.size());
        assertEquals("2026-01-01", forecast.getJsonObject(0).getString("day"));
        assertEquals(40L, forecast.getJsonObject(0).getLong("high"));
        assertEquals("sunny", forecast.getJsonObject(1).getString("sky"));
        assertEquals("celsius", answer.getString("unit"));
        assertEquals(new JsonArray().add("You"), answer.getJsonArray("tags"));
        assertEquals("weather", answer.getString("kind"));
        assertTrue(answer.getBoolean("ok"));
    }

    @Test
    void referencesUnionsAndTheWrapperOfTheChatFamilyAreFollowed() {
        JsonObject answer = answer("""
                {"name":"plan","strict":true,"schema":{"type":"object",
                 "properties":{"owner":{"$ref":"#/$defs/person"},"backup":{"$ref":"#/definitions/person"},
                   "when":{"anyOf":[{"type":"string","format":"date-time"},{"type":"null"}]},
                   "contact":{"type":"string","format":"email"},"id":{"type":"string","format":"uuid"},
                   "code":{"type":"string","minLength":14}},
                 "$defs":{"person":{"type":"object","properties":{"name":{"type":"string"}}}},
                 "definitions":{"person":{"type":"object","properties":{"name":{"type":"string"}}}}}}""");
        assertEquals("You said: hi", answer.getJsonObject("owner").getString("name"));
        assertEquals("You said: hi", answer.getJsonObject("backup").getString("name"));
        assertEquals("2026-01-01T00:00:00Z", answer.getString("when"));
        assertEquals("someone@example.com", answer.getString("contact"));
        assertEquals("00000000-0000-4000-8000-000000000000", answer.getString("id"));
        assertEquals("You said: hixx", answer.getString("code"));
    }

    @Test
    void aSchemaThatRefersToItselfEndsAndJsonObjectModeAnswersAPlainObject() {
        JsonObject tree = answer("""
                {"type":"object","properties":{"label":{"type":"string"},"child":{"$ref":"#"}}}""");
        assertEquals("You said: hi", tree.getJsonObject("child").getJsonObject("child").getString("label"));

        JsonObject plain = EmulatedJsonMode.answer(new JsonObject().put("response_format",
                new JsonObject().put("type", "json_object")), "You said: hi");
        assertEquals(new JsonObject().put("message", "You said: hi"), plain);
        assertFalse(plain.containsKey("response"), "Workers AI's envelope field in the answer itself");
    }
}
