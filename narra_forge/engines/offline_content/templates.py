# ruff: noqa: E501  (vocabulary tables: one sentence per line reads better than wrapped)
"""The sentence grammar shared by every genre; the genre kit fills its slots.

Why so many slots per template: a 100,000-word book draws ~7,000 sentences from these
tables, and a sentence may repeat only if every slot happens to repeat too. Templates
longer than eight words therefore combine at least three independent slots (a name, an
object, a feature, a sound…). Roles: ``A`` actor (usually the point of view), ``B`` a
second character, ``W``/``D`` witness and the dying, ``L`` the listener of a line, ``X``
whoever a gesture is bound to (``{gesture@B}``). ``{Key}`` capitalises the filled slot.
"""

from __future__ import annotations

from narra_forge.engines.offline_content.common import lines

TIMES = lines("""
    an hour before dawn
    late in the afternoon
    long after midnight
    at first light
    in the last hour of daylight
    just after noon
    early the next morning
    at dusk
    in the grey before sunrise
    a little after nine
    close to midnight
    in the middle of the night
    at the end of a long day
    before anyone else was awake
    on the third evening
""")

MOVES = lines("""
    crossed to
    edged toward
    drifted back to
    walked slowly to
    made for
    circled around to
    stepped over to
    wandered toward
    hurried to
    returned to
    picked a careful way to
    moved closer to
""")

LOOKS = lines("""
    studied
    watched
    considered
    eyed
    inspected
    examined
    stared at
    peered at
    squinted at
    regarded
""")

NUMS = lines("""
    two
    three
    four
    five
    six
    seven
    eight
    nine
    eleven
    twelve
""")

GESTURES = lines("""
    rolled {X.his} shoulders
    let out a slow breath
    drummed {X.his} fingers on the nearest surface
    shifted {X.his} weight from foot to foot
    pinched the bridge of {X.his} nose
    straightened {X.his} collar
    cleared {X.his} throat
    ran a thumb along {X.his} jaw
    nodded slowly
    frowned
    closed {X.his} eyes for a moment
    squared {X.his} shoulders
    bit {X.his} lip
    tilted {X.his} head
    shoved {X.his} hands into {X.his} pockets
    flexed {X.his} stiff fingers
    rubbed the back of {X.his} neck
    glanced toward the door
    managed a thin smile
    kept very still
""")

THOUGHTS = lines("""
    that there was still time, if only just
    that nobody here was telling the whole truth
    that the hardest part had not even begun
    that some choices could not be taken back
    that every step forward cost something
    that courage was mostly a matter of not stopping
    that luck had carried them this far and luck always ran out
    that the answer had been in front of them all along
    that fear made strangers of everyone
    that this place would not give up its secrets easily
""")

TAGS = lines("""
    said
    replied
    said softly
    said at last
    answered
    added
""")

LINES = lines("""
    We can't stay in {place} much longer, {L}.
    Look at the {obj}; really look at it.
    Whoever left this by {feature} wanted us to find it.
    I heard {sound} last night; tell me you heard it too.
    We need {goal}, and we need it before {threat} gets here.
    Sit down; you look like you haven't slept in days.
    You should rest; I'll keep watch by {feature}.
    I almost didn't come back to {place}.
    Put the {obj} down, {L}; slowly.
    When this is over, I'm going to sleep for a week.
    There's something you should know about {goal}.
    I've been wrong before; I don't think I'm wrong now.
    Don't look at me like that, {L}.
    We were lucky at {feature}; we won't be lucky twice.
    Tell me the truth this time.
    What aren't you telling me?
    Give me the {obj}; I'll be careful with it.
    I need you to trust me, just this once.
    Did you see what happened by {feature}?
    We should have left an hour ago.
    If this goes wrong, it goes wrong for both of us.
    I keep thinking about {goal}; I can't stop.
    You knew; you knew all along, {L}.
    Whatever happens next, I'm glad it's you here.
    That was too close.
    Say that again, {L}; slowly.
    I don't like the look of {feature}.
    We do this my way, or we don't do it at all.
    How long have you known?
    Nobody else can know about the {obj}.
    It's later than you think, {L}.
    Are you all right, honestly?
    I'm done running from {threat}.
    Then we finish it together.
""")

#: sometimes put before an object so "the lantern" is also "the battered lantern"
OBJECT_MODIFIERS = lines("""
    worn
    battered
    small
    heavy
    familiar
    cold
    scratched
    borrowed
    precious
    dented
    half-forgotten
    dusty
    plain
""")

#: what a speaker does while talking, after the tag: "…," she said, glancing at the door.
SPEECH_BEATS = lines("""
    glancing toward {feature}
    not taking {X.his} eyes off the {obj}
    turning the {obj} over in {X.his} hands
    with a look at {feature}
    half lost under {sound}
    watching {light} on {feature}
    one hand on the {obj}
    leaning against {feature}
    without looking up from the {obj}
    as {sound} rose somewhere outside
""")

TRAIT_FALLBACK = lines("""
    watchful
    tired
    steady
    guarded
    restless
""")

OPENERS = lines("""
    For a moment,
    Slowly,
    Without a word,
    At last,
    Almost at once,
    Quietly,
    After a while,
    Just then,
    Once again,
    Reluctantly,
    In the end,
    Before long,
    Half a breath later,
    Carefully,
""")

OPEN = lines("""
    {Time}, {weather}, and {A} was alone in {place} with the {obj} and a head full of questions.
    {A} reached {place} {time}, just as {weather}.
    By the time {A} got to {place}, {weather}, and {light} on {feature} was the only welcome.
    {Sound} met {A} at the door of {place} {time}, and {A.he} {gesture} before going in.
    {A} had not meant to be in {place} {time}, but here {A.he} {A.was}, the {obj} heavy in {A.his} hands.
    It was {time} when {A} came to {place} with the {obj}, and {weather}.
    {Smell} hung over {feature} in {place} {time}, and {A} breathed it in before going any further.
    {A} crossed {place} {time}, past {feature}, with {emotion} sitting heavy in {A.his} chest.
    {Weather} as {A} stepped into {place} {time}, and for a moment {A.he} simply stood by {feature} and listened.
    {place} felt {adj} {time}, and except for {sound}, {A} had it almost to {A.self}.
    {A} arrived at {place} {time} with {feel} and the {obj} tucked under one arm.
    {Time}, {A} stood at {feature} in {place} and, turning the {obj} over in {A.his} hands, tried to remember why {A.he} had come.
    The first thing {A} noticed about {place} {time} was {sound}; the second was the {obj} on {feature}.
    {Light} lay across {feature} when {A} let {A.self} into {place}, {time}.
""")

SETTING = lines("""
    {Light} lay across {feature}, {adj} and unmoving, while {sound} rose somewhere beyond it.
    Somewhere past {feature}, {sound} rose and faded, and the {adj} air of {place} seemed to close behind it.
    Outside, {weather}; inside, {light} made every {obj} in {place} look {adj}.
    Nothing in {place} moved except {light}, which trembled over the {obj} on {feature}.
    There was a {adj} stillness to {place}, the kind that made the {obj} on {feature} seem to be waiting.
    The {obj} lay abandoned near {feature}, and even in {light} it looked {adj}.
    {Sound} came and went, and under it the whole of {place} felt {adj}, as if it were listening for {threat}.
    Beyond the walls of {place}, {weather}, and {sound} carried a long way, all the way to {feature}.
    In {light}, everything around {feature} looked older than it was, and the {obj} looked older still.
    {Weather}, and the {adj} hush over {place} only deepened around {feature}.
    Someone had left the {obj} on {feature}, and {light} picked out every scratch on it.
    {Smell} drifted through {place} {time}, and with it, fainter, {sound}.
    {A} noticed the {obj} by {feature}, {adj} and out of place among everything else.
    {Sound} made {A} look up from the {obj}.
    To {A}, {place} had always felt {adj}, but {time} it felt {adj}.
    {Smell} clung to {feature}, mixed with something {adj} that {A} could not place.
    The longer {A} stayed near {feature}, the more {adj} {place} seemed, and the heavier the {obj} became.
    Every surface in {place} held {light}, and the {obj} on {feature} held it most of all.
    A draught moved through {place}, stirring the {obj} on {feature} and carrying {smell} with it.
    {Light} had found its way into every corner of {place} except the one by {feature}, where the {obj} waited in shadow.
    {place} had a way of swallowing sound, so even {sound} seemed {adj} and far away by {feature}.
""")

SENSE = lines("""
    {A} felt {feel} near {feature}, and {A.his} hand went to the {obj} without thinking.
    There it was again: {feel}, the same as the last time {A} stood near {feature} in {light} with the {obj}.
    {Feel} crept over {A} as {light} shifted across {feature} and the {obj} beside it.
    {A} became aware of {sound} beyond {feature}, so faint in the {adj} air that it might have been imagined.
    {Smell} and {sound}: {A} would remember {place} by those two things, and by the {obj} on {feature}.
    Every nerve in {A}'s body was awake now, tuned to {sound} and the {adj} dark past {feature}.
    {A} breathed in {smell} by {feature}, and with it came {feel}, heavy as the {obj} in {A.his} hands.
    {Sound} carried from somewhere past {feature}, and {A} felt {feel} as the {obj} went still in {A.his} grip.
    The air near {feature} was {adj} and close, and {A} could taste {smell} with every breath.
    {A} shut {A.his} eyes for a moment and let {place} arrive on its own: {sound}, {smell}, the weight of the {obj}.
    Under {light}, {A} noticed {feel} first, and only afterward {sound} beyond {feature}.
    {A} pressed a thumb against the {obj} until {feel} faded, listening to {sound}.
""")

ACTION = lines("""
    {A} {move} {feature} and {gesture}.
    {A} picked up the {obj}, turned it over {num} times, and set it down by {feature}.
    {A} {look} the {obj} by {light} for a long moment, weighing what it might cost {A.him}.
    With {emotion} tightening in {A.his} chest, {A} {move} {feature}.
    {A} kept to the edge of {feature}, where {light} did not quite reach, and {gesture}.
    {A} {gesture}, then {gesture}.
    {A} slipped the {obj} into a pocket and {gesture}, eyes on {feature}.
    It took {A} {num} tries to get the {obj} to cooperate, and {sound} seemed to mock every failure.
    {A} counted {num} steps from {feature} to the door, and then counted them again while {sound} went on.
    Carefully, so as not to disturb the {obj}, {A} {move} {feature}.
    {A} wiped {A.his} palms, {gesture}, and reached for the {obj} by {feature}.
    {A} let the {obj} rest in {A.his} hands and {look} {feature} instead.
    {A} {gesture} by {feature} and tried not to think about {threat}.
    Without a word, {A} {move} {feature}, the {obj} held tight.
    {A} checked the {obj} by {light} one more time, found nothing wrong with it, and felt no better about {goal}.
    {A} set the {obj} beside {feature} and {gesture}.
""")

PAIR = lines("""
    {B} {move} {feature}, the {obj} in hand, and waited for {A} to follow.
    {A} caught {B}'s eye across {place} and {gesture}.
    {B} held out the {obj} without a word; {A} took it and {gesture}.
    {A} and {B} worked in silence for a while, the {obj} between them and {sound} filling the gaps.
    {B} was watching {A} from beside {feature} with an expression that was hard to read, half lit by {light}, the {obj} forgotten in {B.his} hands.
    {A} told {B} about the {obj} and about {threat}, and {B} listened without interrupting.
    {B} nudged the {obj} toward {A} and {gesture@B}.
    For a while neither {A} nor {B} spoke, and in the {adj} quiet by {feature}, {sound} did the talking for them.
    {B}, {B.trait} as ever, {gesture@B} while {A} {look} {feature}.
    {A} trusted {B} with the {obj}, which was more than {A.he} could say for anyone else in {place} {time}.
    {B} said something about {goal} over {sound}, and {A} {gesture} and pretended not to care.
    {A} stood close enough to {B} by {feature} to hear {B.his} breathing over {sound}, and neither of them mentioned the {obj}.
    {B} looked at the {obj}, then at {feature}, then at {A}, and whatever {B.he} had been about to say went unsaid.
    When {A} finally looked up, {B} was over by {feature}; {B.he} {gesture@B}.
    {A} handed {B} the {obj} across {feature}; {B} weighed it in {light}, frowned, and handed it back.
    {B} caught {A}'s sleeve near {feature} and pointed at the {obj}.
""")

INNER = lines("""
    Standing by {feature} in {light}, {A} could not shake the feeling {thought}.
    Part of {A} wanted to leave {place} {time}; the rest of {A.him} wanted {goal}.
    {A} felt {emotion} looking at the {obj}, and under it, quieter, {emotion}.
    {A} thought about {goal}, and about what the {obj} had already cost {A.him}, while {sound} went on beyond {feature}.
    If {A} was honest, the {obj} frightened {A.him} less than {threat} did, and far less than the {adj} quiet of {place}.
    It occurred to {A}, watching {light} crawl along {feature}, {thought}.
    {A} remembered another night in a place much like {place}, another {obj}, {sound} in the dark, and how badly that had ended.
    {Emotion} rose in {A} at the sight of the {obj} on {feature}, and would not settle.
    Right there by {feature}, with {light} on {A.his} face, {A} made {A.self} a promise about {goal}, and meant it.
    Some stubborn part of {A} still believed in {goal}, even here in {place}, even {time}, even with {threat} so close.
    {A} had told no one {thought}, and the {obj} made it harder to keep quiet.
""")

TENSION = lines("""
    {Threat} was closer to {place} now; {A} could feel it in {feel}, and in the way {light} trembled on {feature}.
    Whatever {threat} intended, {A} knew {place} was part of it, and so was the {obj}.
    {A} thought of {threat} by {feature} and {gesture}.
    If {threat} found the {obj} here, there would be nothing left of {place} worth saving.
    {A} listened for any sign of {threat}, but there was only {sound} and the {adj} hush of {place}.
    Time was running short; {threat} would not wait while {A} {look} the {obj}.
    {A} had seen what {threat} could do, and {A.he} {gesture} at the memory, eyes on {feature}.
    Somewhere beyond {place}, {threat} was waiting, and the {obj} in {A}'s hands suddenly felt like an invitation.
    {A} checked {feature} twice, because {threat} had taught everyone in {place} to check things twice.
    Every minute spent by {feature} was a minute {threat} could use, and {A} knew it {time}.
    Nobody in {place} said the words {threat} aloud, but {A} heard them in {sound} all the same.
""")

#: beats of at most four words: rhythm without anything long enough to count as a repeat
BEAT = lines("""
    Nothing moved.
    {A} waited.
    Then, silence.
    It was not enough.
    Still nothing.
    {A} swallowed hard.
    The moment passed.
    No one answered.
    That was the trouble.
    {B} said nothing.
    It had to do.
    {A} did not move.
    {B} nodded slowly.
    {A} looked away.
    {B} kept watching.
    {A} almost laughed.
    Nobody spoke.
    {B} frowned.
    {A} listened.
    Not yet.
    {A} kept going.
    {B} waited too.
    It was late.
    {A} breathed out.
""")


ARRIVE = lines("""
    {B} was already waiting by {feature}, looking as {B.trait} as ever, the {obj} at {B.his} feet.
    {A} found {B} near {feature}; {B.he} {gesture@B} by way of greeting.
    Footsteps sounded on {feature} behind {A}, and then {B} was there, {B.trait} and unhurried, with {light} at {B.his} back.
    {B} came in from outside, where {weather}, and {gesture@B}.
    {A} was not alone in {place} for long: {B} arrived {time} with the {obj} and an apology that sounded rehearsed.
    {B}, {B.trait} as always, stepped out from behind {feature} into {light}, and {A} let out a breath {A.he} had not known {A.he} was holding.
    It was {B} who broke the quiet, {B.trait} as ever, asking about the {obj} and about {goal}.
    {B} had been in {place} for some time, judging by the {obj} left on {feature}.
    {A} heard {B} before seeing {B.him}, a familiar voice cutting through {sound} near {feature}.
    {B} looked up from the {obj} as {A} approached {feature}, and {gesture@B}.
    There was {B}, of course, leaning against {feature} as if {B.he} owned {place}, the {obj} dangling from one hand.
    {B} joined {A} at {feature} {time}, bringing {smell} in with {B.him}.
    {A} had hoped to see {B} {time}, and there {B.he} {B.was}, by {feature}, {B.trait} and watchful.
""")

LEAD = lines("""
    {A} would remember later how ordinary the moment had seemed, with {light} on {feature} and {sound} in the distance.
    Then, with {sound} as the only warning and {light} wavering on {feature}, everything changed for {A}.
    {A} had been waiting for this since arriving at {place} {time}, and still it caught {A.him} off guard, the {obj} forgotten in {A.his} hands.
    The {obj} slipped from {A}'s mind; there was no time to think about {goal} anymore, not with {threat} this close.
    What came next, {A} would go over again and again on {adj} nights by {light}, searching for the moment near {feature} when it could have gone differently.
    Everything seemed to slow: the {obj}, {feel}, {sound}, and {A}'s own heartbeat, all at once.
    It began quietly, with {sound} by {feature} and a glance between {A} and {B} over the {obj}.
    {A} drew a breath by {feature}, and the {obj} seemed to grow heavier in {A.his} grip.
    Afterward, {A} could never quite say who moved first, only that {light} had flickered across {feature} just before {sound}.
    {A} saw it first, from {feature}, in {light}, over {sound}.
    {A} had just set the {obj} down on {feature} when it began, {sound} rising under everything.
    There was no warning {time}, only {light} shifting on {feature} and {A} looking up too late.
    {A} felt {feel} a heartbeat before it happened, there by {feature} with the {obj} in reach.
    Later, {A} would blame {light}, or {sound}, or the {obj}, for not seeing it sooner.
    It happened the way the worst things in {place} always did, quietly, while {A} was watching {feature}.
""")

AFTER = lines("""
    For a long moment nobody in {place} spoke, and {sound} filled the silence around {A} and the {obj}.
    {B} was the first to move, there by {feature}; {B.he} {gesture@B}.
    {A} let out a breath and looked at the {obj} on {feature} as if it might explain what had just happened.
    Whatever {A} had expected at {feature}, it was not this, and {emotion} came over {A.him} in a slow wave as {light} wavered.
    Nothing would be the same in {place} after this; {A} understood that at once, standing by {feature} with {feel} confirming it.
    {B} said {A}'s name from across {feature}, quietly, over {sound}, and that was somehow the worst part.
    The {obj} lay where it had fallen, {adj} in {light}, and no one reached for it.
    {A} realised {A.his} hands were shaking, and pressed them flat against {feature} until {sound} faded and {light} steadied.
    In the quiet that followed, with {smell} in the air, {A} could hear {sound} beyond {feature} and the hard rhythm of {A.his} own pulse.
    {A} and {B} exchanged a look over the {obj} by {feature} that said more than either of them could have.
    It had taken less than a minute in {place}, {light} hardly moving on {feature}, and it had changed everything {A} thought {A.he} knew about {goal}.
""")

CLOSE = lines("""
    {A} left {place} {time}, the {obj} in {A.his} pocket and {goal} still out of reach.
    When {A} finally looked back at {place}, {weather}, and {light} had faded to almost nothing.
    Whatever came next, {A} knew it would begin here, in {place}, with the {obj} and {emotion}.
    {A} stayed at {feature} until {sound} had died away, then {gesture}.
    That night, {A} dreamed of {place}, of {sound} and the {obj}, and woke with {emotion} still sitting in {A.his} chest.
    {A} did not sleep much that night, listening to {sound} and thinking of {threat} and of everything the {obj} had cost.
    By the time {A} turned away from {feature}, {weather}, and the {adj} hush of {place} had settled over everything.
    The last thing {A} saw of {place} was {light} on the {obj}, and then the door swung shut.
    {A} knew, walking away from {place}, {thought}.
    For now, {place} kept its secrets, and {A} kept {A.hers}, the {obj} hidden close and {emotion} closer.
""")

MOURN = lines("""
    {W} knelt there a long time, long after {sound} had faded from {place}.
    {W} could not look away from {feature}, where it had happened, or from the {obj}.
    Later, {W} would not remember leaving {place}, only the weight of the {obj} and the silence.
    {Emotion} came for {W} slowly, and then all at once, there by {feature}.
""")

#: used when nobody alive is left to act in a scene: the place alone
EMPTY = lines("""
    Night came down over {place}, and {weather}.
    {Sound} drifted through {place}, and nobody was left to hear it.
    The {obj} lay on {feature}, {adj} in {light}, exactly where it had been left.
    {Smell} hung over {place}, and {light} crept slowly along {feature}.
""")

DEATH_ALONE = lines("""
    No one was there to see it. {D.full} died alone in {place}, and {sound} went on as if nothing had happened.
""")

#: how a paragraph of each filler kind is put together, category by category
RECIPES: dict[str, tuple[tuple[str, ...], ...]] = {
    "scene": (
        ("setting", "action", "pair", "sense"),
        ("setting", "sense", "action", "beat"),
        ("sense", "setting", "pair", "inner"),
    ),
    "bond": (
        ("pair", "pair", "inner"),
        ("pair", "action", "pair", "beat"),
        ("action", "pair", "inner"),
    ),
    "inner": (
        ("inner", "setting", "inner", "tension"),
        ("inner", "sense", "beat", "inner"),
        ("beat", "inner", "tension", "setting"),
    ),
    "tension": (
        ("tension", "sense", "action", "inner"),
        ("setting", "tension", "beat", "action"),
        ("tension", "pair", "tension"),
    ),
}
