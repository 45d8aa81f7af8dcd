package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.RetroNote;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis sections written one call at a time: the causal chain ({@code /incident
 * chain}), the contributing factors ({@code /incident factor}) and the learnings
 * ({@code /incident learning}), each by number.
 */
final class RetroAnalysis {
    private RetroAnalysis() {
    }

    static List<RetroModel.Note> notes(List<RetroNote> notes, RetroNote.Section section, RetroFormat format) {
        return notes.stream().filter(n -> n.section() == section)
                .sorted(java.util.Comparator.comparingInt(RetroNote::number))
                .map(n -> note(n, format)).toList();
    }

    /** What went well, what went wrong, where we got lucky: always all three, in that order. */
    static List<RetroModel.LearningGroup> learnings(List<RetroNote> notes, RetroFormat format) {
        List<RetroModel.LearningGroup> out = new ArrayList<>(3);
        for (RetroNote.Learning l : RetroNote.Learning.values()) {
            List<RetroModel.Note> items = notes.stream()
                    .filter(n -> n.section() == RetroNote.Section.LEARNING && n.category() == l)
                    .sorted(java.util.Comparator.comparingInt(RetroNote::number))
                    .map(n -> note(n, format)).toList();
            out.add(new RetroModel.LearningGroup(l.code(), l.heading(), "/incident learning " + l.word() + " <text>",
                    items));
        }
        return List.copyOf(out);
    }

    private static RetroModel.Note note(RetroNote n, RetroFormat format) {
        return new RetroModel.Note(n.number(), format.cell(n.text()), format.plain(n.text()),
                format.person(n.createdBy()), RetroFormat.iso(n.createdAt()));
    }
}
