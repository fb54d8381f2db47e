package dev.hearth.backend.classroom;

import dev.hearth.backend.problem.FieldErrors;

/** The create-classroom form as shown: what was typed (kept on a rejected submit) and the errors by field. */
public record CreateForm(String name, String seats, String startsAt, String length, String ttl, String demoTrack,
        String config, FieldErrors errors) {

    public CreateForm {
        name = name == null ? "" : name;
        seats = seats == null ? "" : seats;
        startsAt = startsAt == null ? "" : startsAt;
        length = length == null ? "" : length;
        ttl = ttl == null ? "" : ttl;
        demoTrack = demoTrack == null ? "" : demoTrack;
        config = config == null ? "" : config;
    }

    /** A fresh form: starting now, three hours long. */
    static CreateForm empty(String now) {
        return new CreateForm("", "", now, "3h", "", "", "", FieldErrors.NONE);
    }

    /** The typed value of {@code field}, for the shared input partial. */
    public String get(String field) {
        return switch (field) {
            case "name" -> name;
            case "seats" -> seats;
            case "startsAt" -> startsAt;
            case "length" -> length;
            case "ttl" -> ttl;
            default -> "";
        };
    }

    CreateForm withErrors(FieldErrors shown) {
        return new CreateForm(name, seats, startsAt, length, ttl, demoTrack, config, shown);
    }
}
