package io.metadatamanager.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonSupportTest extends JsonRulesTest {
    @Override
    Codec codec() {
        ObjectMapper mapper = JsonSupport.newMapper();
        return new Codec() {
            @Override
            public JsonNode readTree(String content) throws com.fasterxml.jackson.core.JsonProcessingException {
                return mapper.readTree(content);
            }

            @Override
            public String writeValueAsString(JsonNode value)
                    throws com.fasterxml.jackson.core.JsonProcessingException {
                return mapper.writeValueAsString(value);
            }
        };
    }
}
