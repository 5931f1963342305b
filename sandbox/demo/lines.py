"""What the simulated crew writes and reacts with: pulse notes, chatter, replies, retro cards."""

NOTES = (
    "Long day on the night shoot, but the crew carried it.",
    "Call sheet changed three times; I'd like earlier notice.",
    "Loved seeing the rushes with the art department.",
    "Load-out ran late again.",
    "Good handover from the day unit.",
)
CHATTER = (
    "Rushes from yesterday are up on the drive.",
    "Anyone spare a C-stand for stage 2 this afternoon?",
    "Costume fitting moved to 3pm, same room.",
    "The new grade on scene 14 looks lovely.",
    "Lunch truck is at the north gate today.",
    "Call time tomorrow 06:30 — early one, sorry all.",
    "Props for the market scene are in the bay.",
    "Thanks to whoever left the coffee in the edit suite.",
)
REPLIES = (
    "Thanks!",
    "On it.",
    "Nice one.",
    "Good to know — we'll plan around it.",
    "Could we chat about this at the next production meeting?",
    "Seen, thank you.",
)
REACTIONS = ("+1", "tada", "clap", "eyes", "heart", "raised_hands")
CARDS = {
    "raised": (
        "Blocking rehearsal with camera and lighting together saved hours.",
        "Costume and make-up tests before the shoot day.",
        "Sound joined the tech scout — no surprises on the day.",
    ),
    "hurt": (
        "Late script pages meant the art department rebuilt the set twice.",
        "Nobody told post about the frame-rate change.",
        "Wrap ran past midnight three nights in a row.",
    ),
    "next": (
        "Shared call sheet draft the evening before.",
        "Ten-minute cross-department huddle at unit call.",
        "A named contact in each department for changes.",
    ),
}
