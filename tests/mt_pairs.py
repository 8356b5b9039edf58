"""Hand-written machine/human translation pairs for the MT-style head's tests.

Each pair renders one fact twice: as a careful human translator or an English desk would
(contractions, possessives, idiomatic verbs) and as a literal machine translation from a
language without articles would (calques such as "it is reported", "in the city of", "the
head of the administration", "there is", "does not", "was carried out"). ``documents``
assembles seeded stories from the pairs, so a document exists in both versions and the
vocabulary recurs across documents as real phrasing habits do.
"""

from __future__ import annotations

import random

PAIRS: list[tuple[str, str]] = [
    ("The mayor's office said the bridge won't reopen until March.",
     "In the office of the mayor it was reported that the bridge will not be opened until March."),
    ("Police detained two men after a fight outside the station on Friday night.",
     "On Friday night, near the station, two men were detained by police after the fight."),
    ("Regional officials say the heating will be back on by the weekend.",
     "According to the regional administration, the heating supply will be restored by the weekend."),
    ("Firefighters needed four hours to put out the blaze at the warehouse.",
     "The extinguishing of the fire at the warehouse was carried out by firefighters for four hours."),
    ("Nobody was hurt, the emergencies ministry said.",
     "There are no injured, it is reported by the Ministry of Emergency Situations."),
    ("The governor's spokesman didn't comment on the report.",
     "The press secretary of the governor did not give comments on the report."),
    ("Prices for buckwheat have nearly doubled since spring, shoppers say.",
     "It is noted that the prices of buckwheat since spring have increased almost two times."),
    ("Teachers at the school haven't been paid since October.",
     "At the school, the salary of teachers is not paid since October."),
    ("The court's ruling can still be appealed.",
     "The decision of the court can be appealed, it is specified in the message."),
    ("Residents in the city's north lost power for several hours.",
     "In the north of the city, residents were left without electricity for several hours."),
    ("Doctors say the boy's condition is stable.",
     "The condition of the boy is assessed by doctors as stable."),
    ("The airline's flights to the coast will resume next month.",
     "Flights of the airline to the coast will be resumed from next month, the source said."),
    ("Investigators are looking into what caused the crash.",
     "Currently, the causes of the accident are being established by the investigation."),
    ("The festival's organizers expect about 20,000 visitors.",
     "It is expected by the organizers that the festival will be visited by about 20 thousand people."),
    ("The factory's owner said it'd hire 300 more workers next year.",
     "The owner of the plant announced that next year there will be 300 new jobs at the enterprise."),
    ("Snow is forecast for the region's mountain passes overnight.",
     "At night, snow is predicted on the mountain passes of the region, the weather forecasters warn."),
    ("Lawmakers passed the bill in a late-night vote.",
     "The bill was adopted by the deputies at the late evening meeting."),
    ("The minister's deputy resigned on Tuesday, citing health reasons.",
     "On Tuesday, the deputy minister left the post, the reason is the state of health."),
    ("Volunteers handed out hot meals at the town's rail station.",
     "At the railway station of the town, hot food was distributed by volunteers."),
    ("The museum's new wing opens to the public in June.",
     "The new building of the museum will open for visitors in June, it is reported on the website."),
    ("Officials couldn't say when the road would be repaired.",
     "When the repair of the road will be carried out, in the administration could not say."),
    ("The club's coach was sacked after a run of five defeats.",
     "The head coach of the club was dismissed after the series of five defeats."),
    ("Farmers warn that the drought could halve this year's harvest.",
     "According to the farmers, due to the drought the harvest this year may be reduced by half."),
    ("The ambulance reached the village about an hour after the call.",
     "The ambulance arrived to the village approximately in one hour after the call."),
]

TOWNS = ["Tver", "Samara", "Kursk", "Omsk", "Perm", "Kazan", "Tula", "Vologda", "Ryazan", "Penza",
         "Kaluga", "Orel", "Bryansk", "Ufa", "Tomsk", "Chita", "Pskov", "Kirov", "Lipetsk", "Tambov"]


def documents(n: int, seed: int = 5, per_doc: int = 5, mt_versions: int = 2, human_literal: float = 0.0) -> list[dict]:
    """``n`` documents, each as one human and ``mt_versions`` machine versions (records in the
    training/mt_style.py format). MT versions differ by which sentences kept a human wording,
    as outputs of different systems differ; ``human_literal``: the share of a human version's
    sentences that keep the literal wording, as a translator sometimes does (0: none)."""
    rng = random.Random(seed)
    out = []
    for d in range(n):
        town = TOWNS[d % len(TOWNS)]
        picks = rng.sample(range(len(PAIRS)), per_doc)
        human = [PAIRS[i][1] if human_literal and rng.random() < human_literal else PAIRS[i][0] for i in picks]
        out.append({"id": f"doc{d}-human", "doc": f"doc{d}", "label": "human", "system": "ref",
                    "text": "\n".join([f"News from {town}", *human])})
        for v in range(mt_versions):
            lines = [PAIRS[i][0] if rng.random() < 0.2 else PAIRS[i][1] for i in picks]
            out.append({"id": f"doc{d}-mt{v}", "doc": f"doc{d}", "label": "mt", "system": f"sys{v}",
                        "text": "\n".join([f"News from {town}", *lines])})
    return out
